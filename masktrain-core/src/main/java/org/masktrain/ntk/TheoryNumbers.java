package org.masktrain.ntk;

import java.util.List;

/**
 * The convergence theorems' numbers for one run. Rates are exact formulas. Neighbourhoods and
 * step-size scales are the expressions inside an O(.) whose constants the theorems leave
 * unstated, so compare them with measurements by order of magnitude only.
 *
 * @param result the theorem or corollary that covers the run, such as
 *     {@code Corollary 3 (IST with Bernoulli masks)}
 * @param theta {@code 1 - (1 - xi)^p}, the chance that a neuron is in at least one sub-network
 * @param gamma {@code (1 - 1/p)^(1/3)} (Theorem 4; NaN for Bernoulli masks)
 * @param paperLearningRate the run's eta converted to the paper's sum reduction and scaling
 * @param rate the per-round contraction factor of the expected loss the result states
 * @param rateFormula the rate as a formula
 * @param neighbourhood the main theorem's neighbourhood (Theorem 3's B1 or Theorem 4's term),
 *     the expression inside O(.), in the paper-scaled loss units
 * @param neighbourhoodFormula that expression as a formula
 * @param corollaryNeighbourhood the corollary's simplified neighbourhood inside O(.), or NaN
 *     when the run is not one of the corollaries' cases
 * @param corollaryFormula that expression as a formula, or null
 * @param lossConversion the factor that turns paper-scaled loss into the run's L_k
 * @param stepSizeScale the step size inside O(.) under which the result holds, paper units
 * @param stepSizeFormula that scale as a formula
 * @param runStepSizeScale the same scale in the run's --lr units
 * @param stepSizeRatio {@code paperLearningRate / stepSizeScale}
 * @param rateAtStepScale the rate factor at a step size equal to the scale
 * @param verdict a sentence on whether the run is inside the step-size regime
 * @param notes assumptions of the result that this run does not meet
 */
public record TheoryNumbers(String result, double theta, double gamma,
        double paperLearningRate, double rate, String rateFormula, double neighbourhood,
        String neighbourhoodFormula, double corollaryNeighbourhood, String corollaryFormula,
        double lossConversion, double stepSizeScale, String stepSizeFormula,
        double runStepSizeScale, double stepSizeRatio, double rateAtStepScale, String verdict,
        List<String> notes) {

    /** Copies the notes. */
    public TheoryNumbers {
        notes = List.copyOf(notes);
    }
}
