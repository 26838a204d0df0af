package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;

/** Checks that a step size far too large stops the run with {@link TrainingDivergedException}. */
class DivergenceTest {

    private static final long SEED = 3L;

    @Test
    void infiniteLossStopsRun() {
        Dataset data = TestProblems.dataset(SEED, 30, 8, 2);
        RecordingListener listener = new RecordingListener();
        Trainer trainer = new Trainer(config(1e8, 3, 30)).addListener(listener);

        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> trainer.train(data, null));

        int last = listener.rounds().size() - 1;
        assertEquals(last, error.round(), "round of the exception against the last record");
        assertFalse(Double.isFinite(listener.rounds().get(last).train().loss()),
                "loss of the last delivered round");
        for (int k = 0; k < last; k++) {
            assertTrue(Double.isFinite(listener.rounds().get(k).train().loss()),
                    "loss of round " + k + " before the divergence");
        }
        assertTrue(error.getMessage().contains("--lr"), error.getMessage());
        assertNull(listener.result(), "a diverged run must not finish");
    }

    /**
     * With eta = 1e150 the local loss overflows to infinity within round 0, the next local
     * step turns every weight into NaN, and the run must stop there.
     */
    @Test
    void nanWeightsStopRun() {
        Dataset data = TestProblems.dataset(SEED, 30, 8, 2);
        Trainer trainer = new Trainer(config(1e150, 3, 1));

        assertThrows(TrainingDivergedException.class, () -> trainer.train(data, null));
    }

    private static TrainingConfig config(double eta, int localSteps, int rounds) {
        return TrainingConfig.builder().width(20).masks(MaskKind.BERNOULLI).xi(0.5).subnets(2)
                .localSteps(localSteps).rounds(rounds).learningRate(eta)
                .reduction(Reduction.SUM).seed(SEED).threads(1).kernel(KernelChoice.JAVA)
                .build();
    }
}
