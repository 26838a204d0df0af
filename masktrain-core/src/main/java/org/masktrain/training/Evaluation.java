package org.masktrain.training;

/**
 * The full network's error on a data set.
 *
 * @param loss {@code ||Y - u(W, X)||_F^2}, the paper's L_k on the training set
 * @param meanSquaredError the loss divided by the number of entries n * c
 * @param accuracy the share of samples whose arg-max output matches the arg-max target, or NaN
 *     when the targets are not one-hot classes
 */
public record Evaluation(double loss, double meanSquaredError, double accuracy) {
}
