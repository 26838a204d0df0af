package org.masktrain.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.masktrain.data.Dataset;
import org.masktrain.engine.EngineSettings;
import org.masktrain.engine.LostSubnetworkPolicy;
import org.masktrain.engine.ThreadPoolEngine;
import org.masktrain.linalg.Matrix;
import org.masktrain.masks.MaskKind;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingListener;
import org.masktrain.training.TrainingResult;

/** Small training problems run on the local engine and on Spark, for side-by-side checks. */
final class SparkTestRuns {

    private SparkTestRuns() {
    }

    /** Returns n unit-norm Gaussian inputs in d dimensions and targets uniform on [-1, 1]. */
    static Dataset dataset(long seed, int n, int d, int c) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0.0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = random.nextGaussian();
                norm += x[i * d + j] * x[i * d + j];
            }
            for (int j = 0; j < d; j++) {
                x[i * d + j] /= Math.sqrt(norm);
            }
        }
        double[] y = new double[n * c];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextDouble(-1.0, 1.0);
        }
        return new Dataset(new Matrix(n, d, x), new Matrix(n, c, y), false);
    }

    /**
     * Returns a small IST configuration: m = 40, p = 4, tau = 3, K = 4, seed 11, and xi = 0.5
     * for Bernoulli masks.
     */
    static TrainingConfig.Builder config(MaskKind masks) {
        TrainingConfig.Builder builder = TrainingConfig.builder().width(40).masks(masks)
                .subnets(4).localSteps(3).rounds(4).learningRate(20).seed(11).threads(2);
        return masks == MaskKind.BERNOULLI ? builder.xi(0.5) : builder;
    }

    /** Creates a local-mode context with {@code threads} executor threads and no UI. */
    static JavaSparkContext localContext(String master, String... settings) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("masktrain-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            conf.set(settings[i], settings[i + 1]);
        }
        return new JavaSparkContext(conf);
    }

    /** Returns the settings of a Spark run with the given policy and data sharding. */
    static EngineSettings sparkSettings(LostSubnetworkPolicy policy, boolean shardData) {
        return new EngineSettings("spark", null, 2, EngineSettings.DEFAULT_TASK_ATTEMPTS,
                policy, shardData);
    }

    /** Trains on the local thread pool with 2 threads. */
    static Run trainOnThreads(TrainingConfig config, Dataset data) {
        return trainOnThreads(config, data, false);
    }

    /** Trains on the local thread pool with 2 threads, with sharded data or not. */
    static Run trainOnThreads(TrainingConfig config, Dataset data, boolean shardData) {
        return train(new Trainer(config, kernel -> new ThreadPoolEngine(2, kernel, shardData)),
                data);
    }

    /** Trains on {@code context} without stopping it. */
    static Run trainOnSpark(TrainingConfig config, Dataset data, JavaSparkContext context,
            LostSubnetworkPolicy policy) {
        return trainOnSpark(config, data, context, policy, false);
    }

    /** Trains on {@code context} without stopping it, with sharded data or not. */
    static Run trainOnSpark(TrainingConfig config, Dataset data, JavaSparkContext context,
            LostSubnetworkPolicy policy, boolean shardData) {
        return train(new Trainer(config, kernel -> new SparkEngine(context,
                sparkSettings(policy, shardData), kernel)), data);
    }

    private static Run train(Trainer trainer, Dataset data) {
        List<RoundRecord> rounds = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onRound(RoundRecord record) {
                rounds.add(record);
            }
        });
        TrainingResult result = trainer.train(data, null);
        return new Run(result, rounds);
    }

    /**
     * A finished run and its round records.
     *
     * @param result losses and the trained network
     * @param rounds the records of rounds 0 to K
     */
    record Run(TrainingResult result, List<RoundRecord> rounds) {
    }
}
