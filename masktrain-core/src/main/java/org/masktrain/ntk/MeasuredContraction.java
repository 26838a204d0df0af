package org.masktrain.ntk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-round contraction {@code L_{k+1} / L_k} of a run's training loss, summarized for
 * comparison with the theorems' rate factors: the geometric mean over the first and over the
 * last {@link #WINDOW} rounds, and the median over all rounds. Ratios that are not finite (a
 * zero loss) are left out.
 *
 * @param first the geometric mean of the first ratios, NaN without any
 * @param median the median of all ratios, NaN without any
 * @param last the geometric mean of the last ratios, NaN without any
 * @param ratios the number of finite ratios
 */
public record MeasuredContraction(double first, double median, double last, int ratios) {

    /** Rounds averaged at the start and at the end. */
    public static final int WINDOW = 3;

    /** Summarizes the losses L_0 .. L_K (not modified). */
    public static MeasuredContraction of(double[] losses) {
        List<Double> ratios = new ArrayList<>();
        for (int k = 0; k + 1 < losses.length; k++) {
            double ratio = losses[k + 1] / losses[k];
            if (Double.isFinite(ratio)) {
                ratios.add(ratio);
            }
        }
        int count = ratios.size();
        if (count == 0) {
            return new MeasuredContraction(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int window = Math.min(WINDOW, count);
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = count % 2 == 1 ? sorted[count / 2]
                : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
        return new MeasuredContraction(geometricMean(ratios.subList(0, window)), median,
                geometricMean(ratios.subList(count - window, count)), count);
    }

    private static double geometricMean(List<Double> values) {
        double logSum = Arrays.stream(values.stream().mapToDouble(Double::doubleValue).toArray())
                .map(Math::log).sum();
        return Math.exp(logSum / values.size());
    }
}
