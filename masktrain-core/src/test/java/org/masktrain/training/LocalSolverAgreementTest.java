package org.masktrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.masktrain.training.NumericAssertions.assertArrayClose;
import static org.masktrain.training.NumericAssertions.assertRelativelyClose;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.masktrain.data.Dataset;
import org.masktrain.linalg.JavaKernel;
import org.masktrain.linalg.KernelChoice;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Reduction;
import org.masktrain.model.Scaling;

/**
 * Checks that training in the space of pre-activations (with the Gram matrix X X^T) gives the
 * iterates of direct training to 1e-9 relative, for every mask kind, scaling, reduction and
 * batch mode.
 */
class LocalSolverAgreementTest {

    private static final long SEED = 27_182L;

    @ParameterizedTest
    @CsvSource({
        "BERNOULLI, PAPER, MEAN, 0, OPENBLAS",
        "BERNOULLI, INVERTED, SUM, 0, OPENBLAS",
        "CATEGORICAL, PAPER, SUM, 0, JAVA",
        "CATEGORICAL, INVERTED, MEAN, 0, OPENBLAS",
        "BERNOULLI, PAPER, MEAN, 7, OPENBLAS",
        "CATEGORICAL, INVERTED, SUM, 5, JAVA"
    })
    void gramAndDirectRunsAgree(MaskKind masks, Scaling scaling, Reduction reduction,
            int batchSize, KernelChoice kernel) {
        Dataset data = TestProblems.dataset(SEED, 40, 60, 3);
        double eta = reduction == Reduction.SUM ? 0.05 : 0.05 * data.n();
        List<double[]> directLocal = new java.util.ArrayList<>();
        List<double[]> gramLocal = new java.util.ArrayList<>();

        TrainingResult direct = train(data, masks, scaling, reduction, eta, batchSize, kernel,
                LocalSolver.DIRECT, directLocal);
        TrainingResult gram = train(data, masks, scaling, reduction, eta, batchSize, kernel,
                LocalSolver.GRAM, gramLocal);

        for (int k = 0; k < direct.losses().length; k++) {
            assertRelativelyClose(direct.losses()[k], gram.losses()[k], 1e-9,
                    "L_" + k + " with seed " + SEED);
        }
        assertArrayClose(direct.trained().weights().data(), gram.trained().weights().data(),
                1e-9, "W_K with seed " + SEED);
        assertEquals(directLocal.size(), gramLocal.size(), "local loss records");
        for (int i = 0; i < directLocal.size(); i++) {
            assertArrayClose(directLocal.get(i), gramLocal.get(i), 1e-9,
                    "local losses of record " + i);
        }
    }

    @Test
    void autoPicksGramForFewSamples() {
        TrainingConfig config = TrainingConfig.builder().width(8).subnets(2).localSteps(10)
                .rounds(1).seed(SEED).build();
        Dataset data = TestProblems.dataset(SEED, 30, 60, 2);

        LocalTrainer trainer = new LocalTrainer(
                new TrainingProblem(data.x(), data.y(), config), new JavaKernel());

        assertEquals(LocalSolver.GRAM, trainer.solver());
    }

    @Test
    void autoPicksDirectForManySamples() {
        TrainingConfig config = TrainingConfig.builder().width(8).subnets(2).localSteps(10)
                .rounds(1).seed(SEED).build();
        Dataset data = TestProblems.dataset(SEED, 200, 20, 2);

        LocalTrainer trainer = new LocalTrainer(
                new TrainingProblem(data.x(), data.y(), config), new JavaKernel());

        assertEquals(LocalSolver.DIRECT, trainer.solver());
    }

    private static TrainingResult train(Dataset data, MaskKind masks, Scaling scaling,
            Reduction reduction, double eta, int batchSize, KernelChoice kernel,
            LocalSolver solver, List<double[]> localLosses) {
        TrainingConfig.Builder builder = TrainingConfig.builder()
                .width(30).masks(masks).subnets(3).localSteps(5).rounds(4)
                .learningRate(eta).batchSize(batchSize).scaling(scaling).reduction(reduction)
                .seed(SEED).threads(2).kernel(kernel).localSolver(solver);
        if (masks == MaskKind.BERNOULLI) {
            builder.xi(0.6);
        }
        return new Trainer(builder.build())
                .addListener(new TrainingListener() {
                    @Override
                    public void onRound(RoundRecord record) {
                        if (record.localLosses() != null) {
                            localLosses.addAll(List.of(record.localLosses()));
                        }
                    }
                })
                .train(data, null);
    }
}
