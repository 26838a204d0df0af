package org.masktrain.ntk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.Matrix;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.masks.RoundMasks;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.TrainingDivergedException;
import org.masktrain.training.TrainingListener;
import org.masktrain.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a step size that does not increase the loss in one round: starting from the
 * configuration's eta, it trains one round and halves eta until {@code L_1 <= L_0}. Every trial
 * uses the configuration's seed, so all start from the same W_0 and sample the same masks. A
 * trial whose loss becomes non-finite counts as an increase.
 *
 * <p>A step also fails when fewer than {@link #MIN_ALIVE_SHARE} of the neurons that the round's
 * sub-networks trained (among those active on some sample before) are active on some sample
 * afterwards. Such a step silences neurons for good (no gradient reaches a dead ReLU), yet it
 * often lowers the loss, because the network falls back to the neurons no sub-network held, or
 * to the zero output with {@code L = ||Y||^2}. On the default 800 embedded training samples,
 * one round at --lr 50, 100 and 312.5 left 376, 75 and 1 of the 500 neurons alive.
 */
public final class LearningRateSearch {

    /** Smallest step size tried, relative to the starting one. */
    public static final double DEFAULT_FLOOR = 1e-12;

    /**
     * Share of the trained neurons that must stay active on some sample. A rule of thumb, not
     * a bound from the theory: a step that silences most of them stalls training.
     */
    public static final double MIN_ALIVE_SHARE = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(LearningRateSearch.class);

    /**
     * One round trained at one step size.
     *
     * @param learningRate eta, NTK parametrization
     * @param initialLoss L_0
     * @param loss L_1, or a non-finite value when the round diverged
     * @param aliveShare of the neurons trained in the round that were active on some sample
     *     before it, the share still active on some sample after it (1 when there were none)
     */
    public record Trial(double learningRate, double initialLoss, double loss,
            double aliveShare) {

        /** Returns whether the round failed to keep the loss at or below L_0. */
        public boolean increased() {
            return !(loss <= initialLoss);
        }

        /** Returns whether at least {@link #MIN_ALIVE_SHARE} of the trained neurons live. */
        public boolean keepsNeuronsAlive() {
            return aliveShare >= MIN_ALIVE_SHARE;
        }

        /** Returns whether the step is acceptable: no increase, and trained neurons alive. */
        public boolean accepted() {
            return !increased() && keepsNeuronsAlive();
        }
    }

    /**
     * The outcome of a search.
     *
     * @param learningRate the chosen eta, the first accepted one
     * @param trials every trial in order, the chosen one last
     */
    public record Result(double learningRate, List<Trial> trials) {

        /** Copies the trials. */
        public Result {
            trials = List.copyOf(trials);
        }
    }

    private LearningRateSearch() {
    }

    /**
     * Searches from {@code config}'s step size down to {@code floor} times it.
     *
     * @param train the training set
     * @param floor the smallest step size tried, relative to the starting one, in (0, 1)
     * @throws LearningRateSearchException when the loss increases at every step size tried
     */
    public static Result search(TrainingConfig config, Dataset train, double floor) {
        if (!(floor > 0 && floor < 1)) {
            throw new IllegalArgumentException("floor must be in (0, 1), got " + floor);
        }
        double start = config.learningRate();
        double smallest = start * floor;
        List<Trial> trials = new ArrayList<>();
        for (double eta = start; eta >= smallest; eta /= 2) {
            Trial trial = tryOneRound(config, train, eta);
            trials.add(trial);
            LOG.info("step-size search: eta {} gives L_1 = {} against L_0 = {}, {} of the "
                    + "trained neurons alive", eta, trial.loss(), trial.initialLoss(),
                    trial.aliveShare());
            if (trial.accepted()) {
                return new Result(eta, trials);
            }
        }
        Trial last = trials.get(trials.size() - 1);
        throw new LearningRateSearchException(String.format(Locale.ROOT, "--lr-search: one "
                + "round increased the loss or silenced most trained neurons at every step "
                + "size from --lr %s down to %.3g (%d halvings, %s of the start; L_0 = %.6g, "
                + "last L_1 = %.6g); check the targets and the data, or train without "
                + "--lr-search",
                start,
                last.learningRate(), trials.size() - 1, floor, last.initialLoss(),
                last.loss()));
    }

    private static Trial tryOneRound(TrainingConfig config, Dataset train, double eta) {
        TrainingConfig oneRound = config.toBuilder().learningRate(eta).rounds(1).build();
        Trainer trainer = new Trainer(oneRound);
        double[] losses = new double[2];
        trainer.addListener(new TrainingListener() {
            @Override
            public void onRound(RoundRecord record) {
                losses[record.round()] = record.train().loss();
            }
        });
        try {
            TrainingResult result = trainer.train(train, null);
            MatrixKernel kernel = config.kernel().create();
            int[] trained = trainedNeurons(oneRound);
            boolean[] aliveBefore = alive(train.x(), result.initial().weights(), trained,
                    kernel);
            boolean[] aliveAfter = alive(train.x(), result.trained().weights(), trained, kernel);
            int before = 0;
            int after = 0;
            for (int k = 0; k < trained.length; k++) {
                if (aliveBefore[k]) {
                    before++;
                    after += aliveAfter[k] ? 1 : 0;
                }
            }
            double share = before == 0 ? 1.0 : (double) after / before;
            return new Trial(eta, result.initialLoss(), result.finalLoss(), share);
        } catch (TrainingDivergedException e) {
            return new Trial(eta, losses[0], Double.POSITIVE_INFINITY, Double.NaN);
        }
    }

    /** Returns the neurons that at least one sub-network trains in round 0, ascending. */
    private static int[] trainedNeurons(TrainingConfig config) {
        RoundMasks masks = NtkAnalysis.sampler(config, new RandomStreams(config.seed()))
                .sample(0);
        int[] memberships = masks.memberships(config.width());
        return IntStream.range(0, config.width()).filter(r -> memberships[r] > 0).toArray();
    }

    /**
     * Returns, for each of the given neurons, whether its pre-activation {@code <w_r, x_i>} is
     * positive on some sample.
     */
    private static boolean[] alive(Matrix x, Matrix allWeights, int[] neurons,
            MatrixKernel kernel) {
        boolean[] alive = new boolean[neurons.length];
        if (neurons.length == 0) {
            return alive;
        }
        Matrix weights = allWeights.selectRows(neurons);
        int n = x.rows();
        int d = x.cols();
        int m = weights.rows();
        int block = 256;
        double[] rowsOfX = new double[block * d];
        double[] z = new double[block * m];
        for (int start = 0; start < n; start += block) {
            int rows = Math.min(block, n - start);
            System.arraycopy(x.data(), start * d, rowsOfX, 0, rows * d);
            kernel.gemm(false, true, rows, m, d, 1.0, rowsOfX, d, weights.data(), d, 0.0, z, m);
            for (int i = 0; i < rows; i++) {
                for (int r = 0; r < m; r++) {
                    alive[r] |= z[i * m + r] > 0.0;
                }
            }
        }
        return alive;
    }
}
