package org.masktrain.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.masktrain.InvalidInputException;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;
import org.masktrain.random.RandomStreams;
import org.masktrain.training.TrainingConfig;

/**
 * Turns {@link ExperimentSettings} into the runs of a sweep, converting the settings of the
 * experiment code of "On the Convergence of Shallow Neural Network Training with Randomly
 * Masked Neurons" (Liao and Kyrillidis, TMLR 2022) into masktrain's NTK parametrization.
 *
 * <p>As masktrain reads that code, it uses the standard parametrization ({@code W_std = W /
 * sqrt(m)}), mean reduction (loss {@code ||Y - f||^2 / (2n)}), inverted scaling, and multiplies
 * every output by 1/sqrt(c). A one-hidden-layer ReLU network is positively homogeneous in W.
 * So training the network {@code f / sqrt(c)} on targets Y follows the same path, up to a
 * factor sqrt(c) on W, as training f on Y with initial scale {@code kappa / sqrt(c)} and the
 * step size divided by c. The step size {@code lr_std} therefore becomes {@code eta = m *
 * lr_std / c}, and the initial scale {@code kappa / sqrt(c)}. The recorded losses are those of
 * the paper's code times 2n.
 */
public final class SweepPlans {

    private SweepPlans() {
    }

    /**
     * Returns the runs of {@code settings} on data with {@code outputs} target columns, grid
     * point by grid point, repetitions innermost.
     */
    public static List<SweepCell> cells(ExperimentSettings settings, int outputs) {
        List<SweepCell> cells = new ArrayList<>();
        RandomStreams streams = new RandomStreams(settings.seed());
        List<Double> xis = settings.keepProbabilities();
        switch (settings.figure()) {
            case FIG2A -> {
                for (int i = 0; i < xis.size(); i++) {
                    Map<String, Object> parameters = new LinkedHashMap<>();
                    parameters.put("xi", xis.get(i));
                    parameters.put("lr_std", learningRate(settings, i));
                    int reps = i == 0 ? settings.firstPairRepetitions() : settings.repetitions();
                    add(cells, settings, streams, outputs, "xi" + format(xis.get(i)), parameters,
                            reps, settings.widths().get(0), xis.get(i),
                            settings.subnetworks().get(0), learningRate(settings, i),
                            settings.kappa());
                }
            }
            case FIG2B -> {
                for (double xi : xis) {
                    for (int p : settings.subnetworks()) {
                        // Every sub-network of xi = 1 is the whole network, so p > 1 repeats p = 1.
                        if (xi == 1.0 && p > 1) {
                            continue;
                        }
                        Map<String, Object> parameters = new LinkedHashMap<>();
                        parameters.put("xi", xi);
                        parameters.put("subnets", p);
                        add(cells, settings, streams, outputs,
                                "xi" + format(xi) + String.format(Locale.ROOT, "-p%02d", p),
                                parameters, settings.repetitions(), settings.widths().get(0), xi,
                                p, learningRate(settings, 0), settings.kappa());
                    }
                }
            }
            case FIG2C -> {
                int firstWidth = settings.widths().get(0);
                for (int i = 0; i < xis.size(); i++) {
                    for (int width : settings.widths()) {
                        // The initial scale shrinks with the width: kappa^2 proportional to 1/m.
                        double kappa = settings.kappa() * Math.sqrt((double) firstWidth / width);
                        Map<String, Object> parameters = new LinkedHashMap<>();
                        parameters.put("xi", xis.get(i));
                        parameters.put("width", width);
                        parameters.put("lr_std", learningRate(settings, i));
                        parameters.put("kappa_std", kappa);
                        add(cells, settings, streams, outputs, "xi" + format(xis.get(i))
                                + String.format(Locale.ROOT, "-m%04d", width), parameters,
                                settings.repetitions(), width, xis.get(i),
                                settings.subnetworks().get(0), learningRate(settings, i), kappa);
                    }
                }
            }
            case FIG2D -> {
                for (int p : settings.subnetworks()) {
                    Map<String, Object> parameters = new LinkedHashMap<>();
                    parameters.put("subnets", p);
                    add(cells, settings, streams, outputs,
                            String.format(Locale.ROOT, "p%02d", p), parameters,
                            settings.repetitions(), settings.widths().get(0), Double.NaN, p,
                            learningRate(settings, 0), settings.kappa());
                }
            }
            default -> throw new IllegalStateException("no plan for " + settings.figure());
        }
        requireDistinctFolders(cells);
        return cells;
    }

    /**
     * Rejects grids in which two grid points share a folder name, such as a value given twice
     * or two keep probabilities equal to two decimals. Their runs would write one directory.
     */
    private static void requireDistinctFolders(List<SweepCell> cells) {
        Map<String, Integer> groups = new java.util.HashMap<>();
        for (SweepCell cell : cells) {
            Integer previous = groups.putIfAbsent(cell.groupName(), cell.group());
            if (previous != null && previous != cell.group()) {
                throw new InvalidInputException("two grid points have the folder name '"
                        + cell.groupName() + "'; give distinct values in --xi-grid, "
                        + "--subnets-grid and --widths (keep probabilities differ in the first "
                        + "two decimals)");
            }
        }
    }

    private static void add(List<SweepCell> cells, ExperimentSettings settings,
            RandomStreams streams, int outputs, String name, Map<String, Object> parameters,
            int repetitions, int width, double xi, int subnetworks, double lrStd,
            double kappaStd) {
        int group = cells.isEmpty() ? 0 : cells.get(cells.size() - 1).group() + 1;
        for (int rep = 0; rep < repetitions; rep++) {
            TrainingConfig.Builder builder = TrainingConfig.builder()
                    .width(width)
                    .kappa(kappaStd / Math.sqrt(outputs))
                    .subnets(subnetworks)
                    .localSteps(settings.localSteps())
                    .rounds(settings.rounds())
                    .learningRate(width * lrStd / outputs)
                    .scaling(Scaling.INVERTED)
                    .reduction(Reduction.MEAN)
                    .threads(1)
                    .seed(streams.seedFor(RandomStreams.Purpose.SWEEP_CELL, group, rep));
            if (Double.isNaN(xi)) {
                builder.masks(MaskKind.CATEGORICAL);
            } else {
                builder.masks(MaskKind.BERNOULLI).xi(xi);
            }
            cells.add(new SweepCell(group, name, rep, parameters, builder.build()));
        }
    }

    private static double learningRate(ExperimentSettings settings, int index) {
        List<Double> rates = settings.learningRatesStd();
        return rates.size() == 1 ? rates.get(0) : rates.get(index);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
