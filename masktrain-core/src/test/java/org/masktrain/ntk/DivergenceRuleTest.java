package org.masktrain.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.training.RecordingListener;
import org.masktrain.training.RoundRecord;
import org.masktrain.training.TestProblems;
import org.masktrain.training.Trainer;
import org.masktrain.training.TrainingConfig;
import org.masktrain.training.TrainingDivergedException;

/**
 * {@link Trainer#stopWhenLossGrows}: a loss that stays above a multiple of L_0 for several
 * consecutive rounds stops the run after the listeners received those rounds.
 */
class DivergenceRuleTest {

    private static final long SEED = 3L;
    private static final Dataset DATA = TestProblems.dataset(SEED, 30, 8, 2);

    /** At eta = 10 (sum reduction) L_1 is already about 1e5 L_0, yet finite for many rounds. */
    @Test
    void growingLossStopsRunAfterPatience() {
        RecordingListener listener = new RecordingListener();
        Trainer trainer = new Trainer(config(10.0, 12)).addListener(listener)
                .stopWhenLossGrows(10.0, 3);

        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> trainer.train(DATA, null));

        List<RoundRecord> rounds = listener.rounds();
        assertEquals(3, error.round(), "round that completes three rounds above 10 L_0");
        assertEquals(4, rounds.size(), "rounds 0 to 3 reach the listeners");
        double initial = rounds.get(0).train().loss();
        for (int k = 1; k <= 3; k++) {
            double loss = rounds.get(k).train().loss();
            assertTrue(Double.isFinite(loss), "round " + k + " loss " + loss);
            assertTrue(loss > 10 * initial, "round " + k + " loss " + loss + " against L_0 "
                    + initial);
        }
        assertTrue(error.getMessage().contains("3 consecutive rounds"), error.getMessage());
        assertTrue(error.getMessage().contains("try --lr 2.5"), error.getMessage());
        assertNull(listener.result(), "a stopped run must not finish");
    }

    /**
     * At eta = 2 the loss rises above 10 L_0 in round 2, falls below it in round 3 and rises
     * again from round 4, so the count restarts and the run stops in round 6.
     */
    @Test
    void fallBelowBoundRestartsCount() {
        RecordingListener listener = new RecordingListener();
        Trainer trainer = new Trainer(config(2.0, 12)).addListener(listener)
                .stopWhenLossGrows(10.0, 3);

        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> trainer.train(DATA, null));

        List<RoundRecord> rounds = listener.rounds();
        double bound = 10 * rounds.get(0).train().loss();
        int last = error.round();
        for (int k = last - 2; k <= last; k++) {
            assertTrue(rounds.get(k).train().loss() > bound, "round " + k + " above the bound");
        }
        assertTrue(rounds.get(last - 3).train().loss() <= bound,
                "round " + (last - 3) + " at or below the bound");
        boolean earlierAbove = false;
        for (int k = 1; k < last - 3; k++) {
            earlierAbove |= rounds.get(k).train().loss() > bound;
        }
        assertTrue(earlierAbove, "an earlier round above the bound that did not count");
    }

    @Test
    void zeroPatienceTurnsRuleOff() {
        RecordingListener listener = new RecordingListener();
        new Trainer(config(2.0, 8)).addListener(listener).stopWhenLossGrows(10.0, 0)
                .train(DATA, null);

        assertNotNull(listener.result(), "the run finishes");
        assertEquals(9, listener.rounds().size(), "rounds 0 to 8");
    }

    @Test
    void ruleRejectsBadValues() {
        Trainer trainer = new Trainer(config(1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> trainer.stopWhenLossGrows(1.0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> trainer.stopWhenLossGrows(Double.NaN, 3));
        assertThrows(IllegalArgumentException.class, () -> trainer.stopWhenLossGrows(10, -1));
    }

    static TrainingConfig config(double eta, int rounds) {
        return TrainingConfig.builder().width(20).masks(MaskKind.BERNOULLI).xi(0.5).subnets(2)
                .localSteps(3).rounds(rounds).learningRate(eta).reduction(Reduction.SUM)
                .seed(SEED).threads(1).kernel(KernelChoice.JAVA).build();
    }
}
