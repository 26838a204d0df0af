package org.masktrain.ntk;

import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;
import org.masktrain.training.TrainingConfig;

/**
 * The quantities of a run that the convergence theorems depend on.
 *
 * @param lambda0 the smallest eigenvalue of the infinite-width NTK, xi factor included
 * @param lambdaMax the largest eigenvalue of the same matrix
 * @param samples n
 * @param inputs d
 * @param width m
 * @param subnetworks p
 * @param localSteps tau
 * @param rounds K
 * @param keepProbability xi (the mean over sub-networks; 1/p for categorical masks)
 * @param kappa the standard deviation of the initial weights
 * @param learningRate eta as the run uses it (NTK parametrization, the run's reduction and
 *     scaling)
 * @param reduction how the run's gradient combines samples
 * @param scaling how the run scales networks by xi
 * @param masks the mask distribution
 * @param minibatch whether local steps use minibatches (the theorems assume full batch)
 */
public record TheoryInputs(double lambda0, double lambdaMax, int samples, int inputs, int width,
        int subnetworks, int localSteps, int rounds, double keepProbability, double kappa,
        double learningRate, Reduction reduction, Scaling scaling, MaskKind masks,
        boolean minibatch) {

    /** Collects the inputs from a run's configuration, data shape and kernel eigenvalues. */
    public static TheoryInputs of(TrainingConfig config, int samples, int inputs, double lambda0,
            double lambdaMax) {
        return new TheoryInputs(lambda0, lambdaMax, samples, inputs, config.width(),
                config.subnetworks(), config.localSteps(), config.rounds(),
                config.meanKeepProbability(), config.kappa(), config.learningRate(),
                config.reduction(), config.scaling(), config.masks(), config.minibatch());
    }

    /**
     * Returns the factor c with {@code eta_paper = c * eta}: the step size in the sum reduction
     * and paper scaling of the convergence theorems that takes the same steps as this run's
     * eta. Mean reduction divides the gradient by n, so c gets 1/n. Inverted scaling with
     * targets Y is the paper-scaled problem with targets xi Y, whose gradient is xi^2 times
     * larger, so c gets 1/xi^2.
     */
    public double stepConversion() {
        double factor = 1.0;
        if (reduction == Reduction.MEAN) {
            factor /= samples;
        }
        if (scaling == Scaling.INVERTED) {
            factor /= keepProbability * keepProbability;
        }
        return factor;
    }

    /**
     * Returns the factor that turns a loss of the paper-scaled problem into this run's L_k:
     * 1/xi^2 under inverted scaling (its L_k is the paper-scaled loss with targets xi Y,
     * divided by xi^2), else 1.
     */
    public double lossConversion() {
        return scaling == Scaling.INVERTED ? 1.0 / (keepProbability * keepProbability) : 1.0;
    }
}
