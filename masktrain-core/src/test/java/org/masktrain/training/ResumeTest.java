package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;

/**
 * Checks that a trainer resumed from the state after any round ends with the same losses and
 * weights as the run that never stopped, bit for bit. Also checks that no state is taken from a
 * round whose loss is non-finite.
 */
class ResumeTest {

    private static final long SEED = 31_337L;
    private static final int ROUNDS = 8;

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("bernoulli", base().build()),
                Arguments.of("categorical", base().masks(MaskKind.CATEGORICAL).build()),
                Arguments.of("minibatch", base().batchSize(7).build()));
    }

    private static TrainingConfig.Builder base() {
        return TrainingConfig.builder().width(24).subnets(3).localSteps(2).rounds(ROUNDS)
                .learningRate(2.0).seed(SEED).threads(2).kernel(KernelChoice.JAVA);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void resumedRunEqualsUninterruptedRun(String name, TrainingConfig config) {
        Dataset train = TestProblems.dataset(SEED, 20, 6, 2);
        Dataset test = TestProblems.dataset(SEED + 1, 8, 6, 2);
        List<TrainingState> states = new ArrayList<>();
        TrainingResult full = new Trainer(config).checkpointEvery(1, states::add)
                .train(train, test);
        assertEquals(ROUNDS + 1, states.size(), "one state per round 0..K");

        for (int k : new int[] {0, 1, 4, ROUNDS - 1, ROUNDS}) {
            TrainingResult resumed = new Trainer(config).resumeFrom(states.get(k))
                    .train(train, test);
            String where = name + " resumed after round " + k + ", seed " + SEED;
            assertArrayEquals(full.losses(), resumed.losses(), "L_k, " + where);
            assertArrayEquals(full.testLosses(), resumed.testLosses(), "held-out, " + where);
            assertArrayEquals(full.trained().weights().data(),
                    resumed.trained().weights().data(), "W_K, " + where);
            assertArrayEquals(full.initial().weights().data(),
                    resumed.initial().weights().data(), "W_0, " + where);
        }
    }

    @Test
    void checkpointPeriodSkipsRounds() {
        TrainingConfig config = base().build();
        List<Integer> rounds = new ArrayList<>();
        new Trainer(config).checkpointEvery(3, state -> rounds.add(state.round()))
                .train(TestProblems.dataset(SEED, 20, 6, 2), null);
        assertEquals(List.of(0, 3, 6, ROUNDS), rounds);
    }

    @Test
    void nonFiniteLossIsNeverCheckpointed() {
        TrainingConfig config = TrainingConfig.builder().width(24).subnets(2).localSteps(3)
                .rounds(ROUNDS).learningRate(1e200).seed(SEED).threads(1)
                .kernel(KernelChoice.JAVA).build();
        List<TrainingState> states = new ArrayList<>();
        RecordingListener listener = new RecordingListener();
        Trainer trainer = new Trainer(config).addListener(listener)
                .checkpointEvery(1, states::add);

        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> trainer.train(TestProblems.dataset(SEED, 20, 6, 2), null));

        assertTrue(error.round() >= 1, "diverged at round " + error.round());
        assertEquals(error.round(), states.size(), "states for rounds 0.." + (error.round() - 1));
        for (TrainingState state : states) {
            for (double value : state.current().weights().data()) {
                assertTrue(Double.isFinite(value), "round " + state.round() + " holds " + value);
            }
        }
    }

    @Test
    void mismatchedStateIsRejected() {
        TrainingConfig config = base().build();
        List<TrainingState> states = new ArrayList<>();
        Dataset train = TestProblems.dataset(SEED, 20, 6, 2);
        new Trainer(config).checkpointEvery(1, states::add).train(train, null);
        TrainingConfig wider = config.toBuilder().width(25).build();
        Dataset other = TestProblems.dataset(SEED, 20, 5, 2);

        assertThrows(org.masktrain.InvalidInputException.class,
                () -> new Trainer(wider).resumeFrom(states.get(2)).train(train, null));
        assertThrows(org.masktrain.InvalidInputException.class,
                () -> new Trainer(config).resumeFrom(states.get(2)).train(other, null));
    }
}
