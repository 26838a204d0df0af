package org.masktrain.training;

import java.util.SplittableRandom;
import org.masktrain.engine.ParallelFor;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.model.Activations;
import org.masktrain.random.RandomStreams;

/**
 * Trains one sub-network for tau local steps on its compact block of active rows: the inner
 * loop of Algorithm 1 in "On the Convergence of Shallow Neural Network Training with Randomly
 * Masked Neurons" (Liao and Kyrillidis, TMLR 2022, arXiv:2112.02668).
 *
 * <p>A local step is {@code W^l <- W^l - eta * g(W^l)} with
 * {@code g_r = (s / sqrt(m)) * sum_i <a_r, U_l(x_i) - y_i> * x_i * 1{<w_r, x_i> >= 0}}, where s
 * is the sub-network's output factor (1 under paper scaling, 1/xi_l under inverted scaling),
 * summed over the full batch or over a minibatch and reduced as the configuration says. The
 * local loss over all samples is recorded before the first step and after every step.
 *
 * <p>The steps are computed directly or in the space of pre-activations, as
 * {@link LocalSolver} describes. The result depends only on the problem and the task
 * (minibatches come from the stream keyed by round and sub-network), so any engine on any
 * thread returns the same numbers.
 * Instances are thread-safe; each call allocates its own work buffers. Close the trainer to
 * free what the kernel keeps for the inputs.
 */
public final class LocalTrainer implements AutoCloseable {

    private final TrainingProblem problem;
    private final MatrixKernel kernel;
    private final RandomStreams streams;
    private final LocalSolver solver;
    private final int batch;
    private final ParallelFor parallel;
    private final IndexBlocks blocks;
    /** Blocks of the d input columns, in which the weight update is computed. */
    private final IndexBlocks columns;
    /** The n x n Gram matrix X X^T, or null when the direct solver is used. */
    private final double[] gram;

    /**
     * Creates a trainer for {@code problem}; when the configured solver resolves to
     * {@link LocalSolver#GRAM}, computes the Gram matrix here, once.
     */
    public LocalTrainer(TrainingProblem problem, MatrixKernel kernel) {
        this(problem, kernel, ParallelFor.SEQUENTIAL);
    }

    /**
     * Creates a trainer that processes the blocks of samples of a local step through
     * {@code parallel}, so a round with fewer sub-networks than threads still uses them all.
     */
    public LocalTrainer(TrainingProblem problem, MatrixKernel kernel, ParallelFor parallel) {
        this.problem = problem;
        this.kernel = kernel;
        this.parallel = parallel;
        this.blocks = new IndexBlocks(problem.samples());
        this.columns = new IndexBlocks(problem.inputs());
        this.streams = new RandomStreams(problem.config().seed());
        TrainingConfig config = problem.config();
        int n = problem.samples();
        int d = problem.inputs();
        this.batch = config.minibatch() ? Math.min(config.batchSize(), n) : n;
        this.solver = config.localSolver().resolve(n, d, config.localSteps(), batch);
        double[] x = problem.x().data();
        kernel.retain(x);
        if (solver == LocalSolver.GRAM) {
            gram = new double[Math.multiplyExact(n, n)];
            kernel.gemm(false, true, n, n, d, 1.0, x, d, x, d, 0.0, gram, n);
            kernel.retain(gram);
        } else {
            gram = null;
        }
    }

    /** Releases what the kernel retained for the inputs and the Gram matrix. */
    @Override
    public void close() {
        kernel.release(problem.x().data());
        if (gram != null) {
            kernel.release(gram);
        }
    }

    /** Returns the solver in use, with {@link LocalSolver#AUTO} resolved. */
    public LocalSolver solver() {
        return solver;
    }

    /** Runs the task's local steps and returns its trained rows with the local losses. */
    public LocalResult train(SubnetworkTask task) {
        TrainingConfig config = problem.config();
        int n = problem.samples();
        int h = task.activeCount();
        int tau = config.localSteps();
        double[] y = problem.y().data();
        double[] w = task.weights().clone();
        double[] losses = new double[tau + 1];

        if (h == 0) {
            // An empty sub-network outputs zero, so its loss is ||Y||^2 and nothing moves.
            double loss = 0.0;
            for (double value : y) {
                loss += value * value;
            }
            java.util.Arrays.fill(losses, loss);
            return new LocalResult(task.round(), task.subnet(), w, losses);
        }

        double outputFactor = config.scaling().subnetworkFactor(task.keepProbability())
                / Math.sqrt(config.width());
        double stepScale = -config.learningRate() * outputFactor
                * config.reduction().batchFactor(n, batch);
        MinibatchOrder order = config.minibatch()
                ? new MinibatchOrder(n, batch, streams.stream(RandomStreams.Purpose.MINIBATCH,
                        task.round(), task.subnet()))
                : null;
        if (solver == LocalSolver.GRAM) {
            trainInGramSpace(task, w, losses, outputFactor, stepScale, order);
        } else {
            trainDirectly(task, w, losses, outputFactor, stepScale, order);
        }
        return new LocalResult(task.round(), task.subnet(), w, losses);
    }

    /** Runs the local steps with two n x d x h products per step; updates {@code w}. */
    private void trainDirectly(SubnetworkTask task, double[] w, double[] losses,
            double outputFactor, double stepScale, MinibatchOrder order) {
        int n = problem.samples();
        int d = problem.inputs();
        int c = problem.outputs();
        int h = task.activeCount();
        double[] x = problem.x().data();
        double[] a = task.signs();
        double[] z = new double[n * h];
        double[] work = new double[n * h];
        double[] aT = transpose(a, h, c);
        double[] residuals = new double[n * c];
        double[] update = order == null ? new double[h * d] : null;
        double[] batchSignal = order == null ? null : new double[batch * h];
        double[] batchInputs = order == null ? null : new double[batch * d];

        for (int t = 0; ; t++) {
            // Forward pass over all samples: Z = X W^T, U = s / sqrt(m) * relu(Z) a.
            losses[t] = forward(w, h, a, outputFactor, z, work, residuals);
            if (t == losses.length - 1) {
                break;
            }

            // Backward pass and update: W <- W - eta * factor * B^T X.
            parallel.forEach(blocks.count(), b -> Activations.backward(kernel, z,
                    blocks.start(b), blocks.size(b), h, residuals, aT, c, work));
            if (order == null) {
                updateWeights(work, h, stepScale, w, update);
            } else {
                int[] rows = order.next();
                for (int k = 0; k < batch; k++) {
                    System.arraycopy(work, rows[k] * h, batchSignal, k * h, h);
                    System.arraycopy(x, rows[k] * d, batchInputs, k * d, d);
                }
                kernel.gemm(true, false, h, d, batch, stepScale, batchSignal, h, batchInputs, d,
                        1.0, w, d);
            }
        }
    }

    /**
     * Runs the local steps in the space of pre-activations: {@code Z <- Z + alpha * G B} per
     * step with the Gram matrix G, and {@code W <- W + alpha * S^T X} once at the end, where S
     * sums the backward signals of all steps. Updates {@code w}.
     */
    private void trainInGramSpace(SubnetworkTask task, double[] w, double[] losses,
            double outputFactor, double stepScale, MinibatchOrder order) {
        int n = problem.samples();
        int d = problem.inputs();
        int c = problem.outputs();
        int h = task.activeCount();
        double[] y = problem.y().data();
        double[] a = task.signs();
        double[] z = new double[n * h];
        double[] signal = new double[n * h];
        double[] hidden = new double[n * h];
        double[] aT = transpose(a, h, c);
        double[] summedSignal = new double[n * h];
        double[] residuals = new double[n * c];
        double[] blockLoss = new double[blocks.count()];
        double[] batchSignal = order == null ? null : new double[batch * h];
        double[] batchGram = order == null ? null : new double[n * batch];

        losses[0] = forward(w, h, a, outputFactor, z, hidden, residuals);
        for (int t = 1; t < losses.length; t++) {
            // Backward signal B and S <- S + B, block by block.
            parallel.forEach(blocks.count(), b -> {
                int from = blocks.start(b) * h;
                int length = blocks.size(b) * h;
                Activations.backward(kernel, z, blocks.start(b), blocks.size(b), h, residuals,
                        aT, c, signal);
                if (order == null) {
                    for (int i = from; i < from + length; i++) {
                        summedSignal[i] += signal[i];
                    }
                }
            });

            // Pre-activations after the step: Z <- Z + alpha * G B.
            if (order == null) {
                // Every block multiplies the whole signal, so the kernel copies it once.
                kernel.retain(signal);
                try {
                    parallel.forEach(blocks.count(), b -> kernel.gemm(false, false,
                            blocks.size(b), h, n, stepScale, gram, blocks.start(b) * n, n,
                            signal, 0, h, 1.0, z, blocks.start(b) * h, h));
                } finally {
                    kernel.release(signal);
                }
            } else {
                int[] rows = order.next();
                for (int k = 0; k < batch; k++) {
                    System.arraycopy(signal, rows[k] * h, batchSignal, k * h, h);
                    int row = rows[k] * h;
                    for (int r = 0; r < h; r++) {
                        summedSignal[row + r] += signal[row + r];
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < batch; k++) {
                        batchGram[i * batch + k] = gram[i * n + rows[k]];
                    }
                }
                kernel.gemm(false, false, n, h, batch, stepScale, batchGram, batch, batchSignal,
                        h, 1.0, z, h);
            }

            // Outputs and loss from the new pre-activations.
            parallel.forEach(blocks.count(), b -> {
                Activations.outputs(kernel, z, blocks.start(b), blocks.size(b), h, a, c,
                        outputFactor, hidden, residuals);
                blockLoss[b] = Activations.residualInPlace(residuals, y, blocks.start(b) * c,
                        blocks.size(b) * c);
            });
            losses[t] = sum(blockLoss);
        }

        // Weights from the summed signals: W <- W + alpha * S^T X.
        updateWeights(summedSignal, h, stepScale, w, new double[h * d]);
    }

    /**
     * Computes {@code Z = X W^T}, overwrites {@code residuals} with {@code U - Y} and returns
     * the loss {@code ||U - Y||^2}, block by block; {@code hidden} receives relu(Z).
     */
    private double forward(double[] w, int h, double[] a, double outputFactor, double[] z,
            double[] hidden, double[] residuals) {
        int d = problem.inputs();
        int c = problem.outputs();
        double[] x = problem.x().data();
        double[] y = problem.y().data();
        double[] blockLoss = new double[blocks.count()];
        parallel.forEach(blocks.count(), b -> {
            int start = blocks.start(b);
            int rows = blocks.size(b);
            kernel.gemm(false, true, rows, h, d, 1.0, x, start * d, d, w, 0, d, 0.0, z,
                    start * h, h);
            Activations.outputs(kernel, z, start, rows, h, a, c, outputFactor, hidden,
                    residuals);
            blockLoss[b] = Activations.residualInPlace(residuals, y, start * c, rows * c);
        });
        return sum(blockLoss);
    }

    /**
     * Adds {@code alpha * B^T X} to {@code w}. The product is split into blocks of input
     * columns, each with the full sum over the samples, computed into its own part of
     * {@code update} (h x d) and then added to its columns of {@code w}; no block reads
     * another's output, so the blocks run in parallel.
     */
    private void updateWeights(double[] signal, int h, double alpha, double[] w,
            double[] update) {
        int n = problem.samples();
        int d = problem.inputs();
        double[] x = problem.x().data();
        if (columns.count() == 1) {
            kernel.gemm(true, false, h, d, n, alpha, signal, h, x, d, 1.0, w, d);
            return;
        }
        // Every block multiplies the whole signal, so the kernel copies it once.
        kernel.retain(signal);
        try {
            parallel.forEach(columns.count(), b -> {
                int from = columns.start(b);
                int width = columns.size(b);
                int base = h * from;
                kernel.gemm(true, false, h, width, n, alpha, signal, 0, h, x, from, d, 0.0,
                        update, base, width);
                for (int r = 0; r < h; r++) {
                    int row = r * d + from;
                    int part = base + r * width;
                    for (int j = 0; j < width; j++) {
                        w[row + j] += update[part + j];
                    }
                }
            });
        } finally {
            kernel.release(signal);
        }
    }

    /** Returns the c x h transpose of the h x c row-major matrix {@code a}. */
    private static double[] transpose(double[] a, int h, int c) {
        double[] transposed = new double[c * h];
        for (int r = 0; r < h; r++) {
            for (int j = 0; j < c; j++) {
                transposed[j * h + r] = a[r * c + j];
            }
        }
        return transposed;
    }

    private static double sum(double[] values) {
        double total = 0.0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    /**
     * Minibatches drawn without replacement: the sample order is shuffled, consecutive slices
     * of it are the batches, and it is shuffled again when fewer than a batch remain.
     */
    private static final class MinibatchOrder {
        private final int[] permutation;
        private final int batch;
        private final SplittableRandom random;
        private final int[] rows;
        private int position;

        MinibatchOrder(int samples, int batch, SplittableRandom random) {
            this.permutation = new int[samples];
            for (int i = 0; i < samples; i++) {
                permutation[i] = i;
            }
            this.batch = batch;
            this.random = random;
            this.rows = new int[batch];
            this.position = samples;
        }

        int[] next() {
            if (position + batch > permutation.length) {
                shuffle();
                position = 0;
            }
            System.arraycopy(permutation, position, rows, 0, batch);
            position += batch;
            return rows;
        }

        private void shuffle() {
            for (int i = permutation.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = permutation[i];
                permutation[i] = permutation[j];
                permutation[j] = swap;
            }
        }
    }
}
