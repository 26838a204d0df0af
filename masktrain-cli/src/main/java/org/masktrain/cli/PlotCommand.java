package org.masktrain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import org.masktrain.plot.ChartFiles;
import org.masktrain.plot.RunCharts;
import org.masktrain.report.RunDirectoryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code masktrain plot}: draws a run's loss curve and NTK diagnostics as PNG and SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = MasktrainCommand.VersionProvider.class,
        description = {
            "Draws the mean squared error per entry of a run directory's training and held-out "
                    + "sets per round, and its NTK diagnostics when the run measured them "
                    + "(--diagnostics-every), as PNG and SVG files.",
            "",
            "Example:",
            "  masktrain plot runs/<run>        (writes runs/<run>/plots/loss.png and .svg)",
            ""
        })
final class PlotCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    Path run;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Folder for the files (default: RUN_DIR/plots).")
    Path out;

    @Option(names = "--size", paramLabel = "WxH", split = "x",
            description = "Image size in pixels (default: 900x560).")
    int[] size = {900, 560};

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        if (size.length != 2 || size[0] < 100 || size[1] < 100 || size[0] > 10000
                || size[1] > 10000) {
            throw new org.masktrain.InvalidInputException("--size must be WIDTHxHEIGHT, each "
                    + "from 100 to 10000 pixels");
        }
        RunDirectoryReader.requireRunDirectory(run);
        RunDirectoryReader.RunData data = RunDirectoryReader.read(run);
        data.problems().forEach(problem -> System.err.println("masktrain: warning: "
                + problem));
        JFreeChart loss = RunCharts.loss(data);
        if (loss == null) {
            throw new org.masktrain.InvalidInputException(run + ": metrics.csv is missing or "
                    + "has no round and loss columns; nothing to plot");
        }
        Path folder = out != null ? out : run.resolve("plots");
        RunDirectories.checkWritable(folder);
        try {
            Files.createDirectories(folder);
            ChartFiles.write(loss, folder.resolve("loss"), size[0], size[1]);
            System.out.println("loss: " + folder.resolve("loss.png") + ", loss.svg");
            JFreeChart diagnostics = RunCharts.diagnostics(data);
            if (diagnostics != null) {
                ChartFiles.write(diagnostics, folder.resolve("diagnostics"), size[0], size[1]);
                System.out.println("diagnostics: " + folder.resolve("diagnostics.png")
                        + ", diagnostics.svg");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plots to " + folder, e);
        }
        return 0;
    }
}
