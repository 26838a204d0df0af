package org.masktrain.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.masktrain.InvalidInputException;
import org.masktrain.data.Dataset;
import org.masktrain.engine.RoundTraffic;
import org.masktrain.engine.SubnetworkEngine;
import org.masktrain.engine.ThreadPoolEngine;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.masks.BernoulliMaskSampler;
import org.masktrain.masks.CategoricalMaskSampler;
import org.masktrain.masks.MaskKind;
import org.masktrain.masks.MaskSampler;
import org.masktrain.masks.RoundMasks;
import org.masktrain.model.Network;
import org.masktrain.random.RandomStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Algorithm 1 of "On the Convergence of Shallow Neural Network Training with Randomly
 * Masked Neurons" (Liao and Kyrillidis, TMLR 2022, arXiv:2112.02668): every round samples p
 * masks, trains each sub-network on its own for tau local steps through the engine, and merges
 * them with {@link Aggregator}. The full network's loss L_k is evaluated before the first round
 * and after every round.
 *
 * <p>Every random draw derives from the configuration's seed by index (initialization, the
 * masks of round k, the minibatches of round k and sub-network l), so equal seeds give equal
 * results on any engine and any number of threads. A trainer runs one training at a time.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingConfig config;
    private final Function<MatrixKernel, SubnetworkEngine> engineFactory;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Network initialNetwork;
    private MatrixKernel kernelOverride;
    private double divergenceFactor = Double.POSITIVE_INFINITY;
    private int divergencePatience;
    private TrainingState resumeState;
    private CheckpointSink checkpointSink;
    private int checkpointPeriod;

    /** Creates a trainer that runs sub-networks on a local thread pool. */
    public Trainer(TrainingConfig config) {
        this(config, kernel -> new ThreadPoolEngine(config.threads(), kernel));
    }

    /** Creates a trainer whose engine is made by {@code engineFactory} for the chosen kernel. */
    public Trainer(TrainingConfig config, Function<MatrixKernel, SubnetworkEngine> engineFactory) {
        this.config = config;
        this.engineFactory = engineFactory;
    }

    /** Adds a listener that observes every round; returns this trainer. */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Starts from {@code network} (copied) instead of a fresh initialization from the seed;
     * returns this trainer.
     */
    public Trainer startFrom(Network network) {
        this.initialNetwork = network.copy();
        return this;
    }

    /**
     * Continues from {@code state} instead of starting at round 0: the next round is
     * {@code state.round() + 1}, and listeners receive {@link TrainingListener#onStart} (with
     * the state's W_0) and then only the rounds after {@code state.round()}. With the same
     * configuration and data, the rounds that follow equal those of a run that never stopped,
     * bit for bit. Returns this trainer.
     */
    public Trainer resumeFrom(TrainingState state) {
        this.resumeState = state;
        return this;
    }

    /**
     * Hands the state to {@code sink} after round 0, after every {@code period}-th round and
     * after the last round, each time once the listeners have received the round and the
     * divergence checks have passed; so a round whose loss is non-finite is never saved.
     * Returns this trainer.
     *
     * @throws IllegalArgumentException when period is below 1
     */
    public Trainer checkpointEvery(int period, CheckpointSink sink) {
        if (period < 1) {
            throw new IllegalArgumentException("checkpoint period must be >= 1, got " + period);
        }
        this.checkpointPeriod = period;
        this.checkpointSink = sink;
        return this;
    }

    /**
     * Uses {@code kernel} instead of the one the configuration names, for example a
     * {@link org.masktrain.linalg.CountingKernel} in a benchmark; returns this trainer.
     */
    public Trainer useKernel(MatrixKernel kernel) {
        this.kernelOverride = kernel;
        return this;
    }

    /**
     * Stops the run with {@link TrainingDivergedException} once the training loss has stayed
     * above {@code factor * L_0} for {@code patience} consecutive rounds (after the listeners
     * received the last of them); returns this trainer. The rule is off by default, and a
     * patience of 0 turns it off. A non-finite loss stops the run either way.
     *
     * @throws IllegalArgumentException when factor is not above 1 or patience is negative
     */
    public Trainer stopWhenLossGrows(double factor, int patience) {
        if (!(factor > 1.0) || patience < 0) {
            throw new IllegalArgumentException("divergence rule needs a factor above 1 and a "
                    + "patience >= 0, got " + factor + " and " + patience);
        }
        this.divergenceFactor = patience == 0 ? Double.POSITIVE_INFINITY : factor;
        this.divergencePatience = patience;
        return this;
    }

    /** Returns the configuration. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains on {@code train} and evaluates on it and on {@code test} (may be null) every round.
     *
     * @throws InvalidInputException when the data and the configuration do not fit together
     * @throws TrainingDivergedException when a loss becomes non-finite or grows as
     *     {@link #stopWhenLossGrows} describes; that round and earlier ones have reached the
     *     listeners
     */
    public TrainingResult train(Dataset train, Dataset test) {
        validate(train, test);
        RandomStreams streams = new RandomStreams(config.seed());
        Network network;
        Network initial;
        if (resumeState != null) {
            network = resumeState.current().copy();
            initial = resumeState.initial().copy();
        } else {
            network = initialNetwork != null ? initialNetwork.copy()
                    : Network.initialize(config.width(), train.d(), train.c(), config.kappa(),
                            streams);
            initial = network.copy();
        }
        MaskSampler sampler = maskSampler(config);
        double fullFactor = config.scaling().fullNetworkFactor(sampler.meanKeepProbability());
        MatrixKernel kernel = kernelOverride != null ? kernelOverride : config.kernel().create();

        try (SubnetworkEngine engine = engineFactory.apply(kernel)) {
            NetworkEvaluator evaluator = new NetworkEvaluator(kernel, engine);
            TrainingProblem problem = new TrainingProblem(train.x(), train.y(), config);
            engine.prepare(problem);
            TrainingStart start = new TrainingStart(config, initial.copy(), train.n(),
                    test == null ? 0 : test.n(), kernel.name(), engine.name(),
                    engine.reportsTraffic());
            listeners.forEach(listener -> listener.onStart(start));
            LOG.info("training {} on {} samples with the {} kernel and the {} engine", config,
                    train.n(), kernel.name(), engine.name());

            double[] losses = new double[config.rounds() + 1];
            double[] testLosses = test == null ? null : new double[config.rounds() + 1];
            int firstRound = 0;
            int roundsAboveBound = 0;
            double elapsedBefore = 0.0;
            Evaluation lastTrain = null;
            Evaluation lastTest = null;
            if (resumeState != null) {
                firstRound = resumeState.round() + 1;
                roundsAboveBound = resumeState.roundsAboveBound();
                elapsedBefore = resumeState.elapsedSeconds();
                System.arraycopy(resumeState.losses(), 0, losses, 0, firstRound);
                if (testLosses != null) {
                    System.arraycopy(resumeState.testLosses(), 0, testLosses, 0, firstRound);
                }
                lastTrain = resumeState.lastTrain();
                lastTest = resumeState.lastTest();
                LOG.info("resuming after round {} of {}", resumeState.round(), config.rounds());
            }
            long startNanos = System.nanoTime();
            for (int k = firstRound; k <= config.rounds(); k++) {
                RoundMasks masks = null;
                double[][] localLosses = null;
                List<LocalResult> results = null;
                RoundTraffic traffic = null;
                if (k > 0) {
                    // Sampling, local steps and aggregation of round k - 1 give W_k.
                    masks = sampler.sample(k - 1);
                    List<SubnetworkTask> tasks = createTasks(network, masks, sampler);
                    results = engine.run(tasks);
                    traffic = engine.lastRoundTraffic();
                    Aggregator.aggregate(network.weights(), masks, results);
                    localLosses = new double[results.size()][];
                    for (int l = 0; l < results.size(); l++) {
                        localLosses[l] = results.get(l).losses();
                    }
                }

                // Evaluation of the full network u = factor * f(W_k, x).
                Evaluation trainError = evaluator.evaluate(network, train, fullFactor);
                Evaluation testError = test == null ? null
                        : evaluator.evaluate(network, test, fullFactor);
                losses[k] = trainError.loss();
                if (testLosses != null) {
                    testLosses[k] = testError.loss();
                }
                lastTrain = trainError;
                lastTest = testError;
                double elapsed = elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
                RoundRecord record = new RoundRecord(k, trainError, testError, masks,
                        localLosses, elapsed, results, traffic);
                listeners.forEach(listener -> listener.onRound(record));
                LOG.info("round {}: loss {} mse {}{}", k, trainError.loss(),
                        trainError.meanSquaredError(), testError == null ? ""
                                : " test loss " + testError.loss() + " test accuracy "
                                        + testError.accuracy());

                // Divergence checks, before the round can become a checkpoint.
                if (!Double.isFinite(trainError.loss())) {
                    throw new TrainingDivergedException(k, trainError.loss(),
                            config.learningRate());
                }
                roundsAboveBound = k > 0 && losses[0] > 0
                        && trainError.loss() > divergenceFactor * losses[0]
                        ? roundsAboveBound + 1 : 0;
                if (divergencePatience > 0 && roundsAboveBound >= divergencePatience) {
                    throw TrainingDivergedException.lossGrew(k, trainError.loss(), losses[0],
                            divergenceFactor, divergencePatience, config.learningRate());
                }

                if (checkpointSink != null
                        && (k % checkpointPeriod == 0 || k == config.rounds())) {
                    checkpointSink.save(new TrainingState(k, initial.copy(), network.copy(),
                            Arrays.copyOf(losses, k + 1), testLosses == null ? null
                                    : Arrays.copyOf(testLosses, k + 1),
                            trainError, testError, roundsAboveBound, elapsed));
                }
            }
            double wall = elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
            TrainingResult result = new TrainingResult(config, initial, network, losses,
                    testLosses, wall);
            listeners.forEach(listener -> listener.onFinish(result));
            return result;
        }
    }

    /**
     * Checks that the data fits the configuration, so a caller can fail before creating any
     * output.
     *
     * @throws InvalidInputException when the training set is empty or smaller than a minibatch
     */
    public void validate(Dataset train, Dataset test) {
        if (train.n() < 1) {
            throw new InvalidInputException("the training set is empty; --samples must be >= 1");
        }
        if (config.batchSize() > train.n()) {
            throw new InvalidInputException("--batch-size " + config.batchSize()
                    + " exceeds the " + train.n() + " training samples; use --batch-size <= "
                    + train.n() + ", or 0 for full batch");
        }
        if (test != null && (test.d() != train.d() || test.c() != train.c())) {
            throw new IllegalArgumentException("held-out set is " + test.d() + " x " + test.c()
                    + " but the training set is " + train.d() + " x " + train.c());
        }
        if (resumeState != null) {
            checkResumeState(train, test);
        }
        if (initialNetwork != null && (initialNetwork.inputs() != train.d()
                || initialNetwork.outputs() != train.c()
                || initialNetwork.width() != config.width())) {
            throw new IllegalArgumentException("the starting network's shape does not match "
                    + "the data and the configured width");
        }
    }

    /**
     * Returns the mask sampler that {@code config} describes, drawing from the streams of its
     * seed; round k's masks are a function of the seed and k alone.
     */
    public static MaskSampler maskSampler(TrainingConfig config) {
        RandomStreams streams = new RandomStreams(config.seed());
        if (config.masks() == MaskKind.CATEGORICAL) {
            return new CategoricalMaskSampler(config.width(), config.subnetworks(), streams);
        }
        return new BernoulliMaskSampler(config.width(), config.keepProbabilities(), streams);
    }

    private void checkResumeState(Dataset train, Dataset test) {
        TrainingState state = resumeState;
        Network current = state.current();
        if (current.width() != config.width() || current.inputs() != train.d()
                || current.outputs() != train.c()
                || state.initial().width() != config.width()
                || state.initial().inputs() != train.d()
                || state.initial().outputs() != train.c()) {
            throw new InvalidInputException("the checkpoint contains a " + current.width() + " x "
                    + current.inputs() + " network with " + current.outputs() + " outputs, but "
                    + "the configuration and data need " + config.width() + " x " + train.d()
                    + " with " + train.c());
        }
        if (state.round() > config.rounds()) {
            throw new InvalidInputException("the checkpoint is at round " + state.round()
                    + ", past the configured --rounds " + config.rounds());
        }
        if ((state.testLosses() != null) != (test != null)) {
            throw new InvalidInputException("the checkpoint " + (test == null ? "has" : "lacks")
                    + " held-out losses but the data " + (test == null ? "has no" : "has a")
                    + " held-out split");
        }
    }

    private static List<SubnetworkTask> createTasks(Network network, RoundMasks masks,
            MaskSampler sampler) {
        List<SubnetworkTask> tasks = new ArrayList<>(masks.subnetworks());
        for (int l = 0; l < masks.subnetworks(); l++) {
            int[] active = masks.active()[l];
            tasks.add(new SubnetworkTask(masks.round(), l, active,
                    network.weights().selectRows(active).data(),
                    network.signs().selectRows(active).data(), sampler.keepProbability(l)));
        }
        return tasks;
    }
}
