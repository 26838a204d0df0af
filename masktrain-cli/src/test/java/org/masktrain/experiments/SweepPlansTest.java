package org.masktrain.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.masktrain.masks.MaskKind;
import org.masktrain.model.Scaling;

/** The runs each figure's settings produce, and the parametrization conversion. */
class SweepPlansTest {

    @Test
    void gridOfFigure2bSkipsRepeatsAtXiOne() {
        ExperimentSettings settings = ExperimentSettings.defaults(Figure.FIG2B, true);
        List<SweepCell> cells = SweepPlans.cells(settings, 10);

        // 9 keep probabilities below 1 times 10 values of p, plus p = 1 at xi = 1.
        assertEquals(91 * 10, cells.size());
        assertEquals(91, cells.get(cells.size() - 1).group() + 1);
    }

    @Test
    void stepSizeAndScaleAreConverted() {
        ExperimentSettings settings = ExperimentSettings.defaults(Figure.FIG2A, false);
        SweepCell first = SweepPlans.cells(settings, 10).get(0);

        // eta = m * lr_std / c = 500 * 0.16 / 10; kappa = 1 / sqrt(10).
        assertEquals(8.0, first.config().learningRate(), 1e-12);
        assertEquals(1 / Math.sqrt(10), first.config().kappa(), 1e-15);
        assertEquals(Scaling.INVERTED, first.config().scaling());
        assertEquals(1, first.config().threads());
    }

    @Test
    void figure2cShrinksKappaWithWidth() {
        ExperimentSettings settings = ExperimentSettings.defaults(Figure.FIG2C, false);
        List<SweepCell> cells = SweepPlans.cells(settings, 1);
        SweepCell widest = cells.stream().filter(cell -> cell.config().width() == 1000)
                .findFirst().orElseThrow();

        assertEquals(Math.sqrt(250.0 / 1000), widest.config().kappa(), 1e-15);
    }

    @Test
    void figure2dUsesCategoricalMasks() {
        List<SweepCell> cells = SweepPlans.cells(
                ExperimentSettings.defaults(Figure.FIG2D, false), 10);

        assertEquals(MaskKind.CATEGORICAL, cells.get(0).config().masks());
        assertEquals(3, cells.get(0).config().rounds());
    }

    @Test
    void everyRunHasItsOwnSeedAndFolder() {
        List<SweepCell> cells = SweepPlans.cells(
                ExperimentSettings.defaults(Figure.FIG2B, false), 10);
        Set<Long> seeds = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (SweepCell cell : cells) {
            seeds.add(cell.config().seed());
            paths.add(cell.relativePath());
        }

        assertEquals(cells.size(), seeds.size());
        assertEquals(cells.size(), paths.size());
        assertNotEquals(cells.get(0).config().seed(), cells.get(1).config().seed());
    }
}
