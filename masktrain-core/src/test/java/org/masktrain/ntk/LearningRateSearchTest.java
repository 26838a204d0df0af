package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.Matrix;
import org.masktrain.training.RecordingListener;
import org.masktrain.training.TestProblems;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;

/** The step-size search halves eta from the configured one until a round does not hurt. */
class LearningRateSearchTest {

    private static final Dataset DATA = TestProblems.dataset(3L, 30, 8, 2);

    @Test
    void searchFindsNonIncreasingStep() {
        TrainingConfig config = DivergenceRuleTest.config(1000.0, 5);
        LearningRateSearch.Result result = LearningRateSearch.search(config, DATA,
                LearningRateSearch.DEFAULT_FLOOR);

        List<LearningRateSearch.Trial> trials = result.trials();
        assertTrue(trials.size() > 1, "eta = 1000 must be too large: " + trials);
        for (int k = 0; k < trials.size(); k++) {
            LearningRateSearch.Trial trial = trials.get(k);
            assertEquals(1000.0 / Math.pow(2, k), trial.learningRate(), 0.0, "trial " + k);
            assertEquals(trials.get(0).initialLoss(), trial.initialLoss(), 0.0,
                    "L_0 of trial " + k + " (same initialization)");
            assertEquals(k < trials.size() - 1, !trial.accepted(), "trial " + k + ": " + trial);
        }
        assertEquals(trials.get(trials.size() - 1).learningRate(), result.learningRate(), 0.0,
                "chosen eta is the last trial's");

        // Training one round with the chosen eta reproduces the accepted trial.
        RecordingListener listener = new RecordingListener();
        new Trainer(config.toBuilder().learningRate(result.learningRate()).rounds(1).build())
                .addListener(listener).train(DATA, null);
        double[] losses = listener.result().losses();
        assertTrue(losses[1] <= losses[0], "L_1 " + losses[1] + " against L_0 " + losses[0]);
    }

    /**
     * On inputs with non-negative entries (like images) a huge step silences most neurons the
     * round trained. The loss still falls to that of the untouched neurons, so only the check
     * for silenced neurons makes the search go on.
     */
    @Test
    void searchSkipsStepThatKillsTrainedNeurons() {
        Matrix x = TestProblems.unitRows(3L, 30, 8);
        double[] values = x.data();
        for (int k = 0; k < values.length; k++) {
            values[k] = Math.abs(values[k]);
        }
        Dataset images = new Dataset(x, TestProblems.targets(4L, 30, 2), false);
        LearningRateSearch.Result result = LearningRateSearch.search(
                DivergenceRuleTest.config(1e7, 5), images, LearningRateSearch.DEFAULT_FLOOR);

        List<LearningRateSearch.Trial> trials = result.trials();
        assertTrue(trials.stream().anyMatch(
                trial -> !trial.keepsNeuronsAlive() && !trial.increased()),
                "a step that silences the trained neurons without raising the loss: " + trials);
        LearningRateSearch.Trial chosen = trials.get(trials.size() - 1);
        assertTrue(chosen.accepted(), "chosen trial " + chosen);
        assertTrue(chosen.aliveShare() >= LearningRateSearch.MIN_ALIVE_SHARE,
                "chosen trial " + chosen);
    }

    @Test
    void floorReachedRaisesClearError() {
        TrainingConfig config = DivergenceRuleTest.config(1000.0, 5);
        LearningRateSearchException error = assertThrows(LearningRateSearchException.class,
                () -> LearningRateSearch.search(config, DATA, 0.25));

        assertTrue(error.getMessage().startsWith("--lr-search: "), error.getMessage());
        assertTrue(error.getMessage().contains("every step size from --lr 1000.0 down to 250"),
                error.getMessage());
    }

    @Test
    void acceptableStartNeedsOneTrial() {
        TrainingConfig config = DivergenceRuleTest.config(0.01, 5);
        LearningRateSearch.Result result = LearningRateSearch.search(config, DATA,
                LearningRateSearch.DEFAULT_FLOOR);

        assertEquals(1, result.trials().size(), "trials");
        assertEquals(0.01, result.learningRate(), 0.0, "chosen eta");
    }
}
