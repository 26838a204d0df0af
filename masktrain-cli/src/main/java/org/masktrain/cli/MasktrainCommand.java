package org.masktrain.cli;

import java.io.PrintWriter;
import org.masktrain.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code masktrain} command; the work is done by its subcommands. */
@Command(name = "masktrain",
        mixinStandardHelpOptions = true,
        versionProvider = MasktrainCommand.VersionProvider.class,
        subcommands = {TrainCommand.class, NtkCommand.class, BenchCommand.class,
            ReproduceCommand.class, PlotCommand.class, ReportCommand.class,
            CommandLine.HelpCommand.class},
        description = {
            "Trains one-hidden-layer ReLU networks by randomly masked sub-network training: "
                    + "every round samples neuron masks, trains each masked sub-network on its "
                    + "own for a few gradient steps, and merges them back. Dropout, "
                    + "multi-sample dropout and Independent Subnetwork Training are special "
                    + "cases (see --preset of 'masktrain train').",
            "",
            "Start with:  masktrain train",
            "Then try:    masktrain train --preset ist-categorical --subnets 4",
            "Figure 2:    masktrain reproduce all"
        },
        footer = {"", "Run 'masktrain COMMAND --help' for the options of a command."})
public final class MasktrainCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        spec.commandLine().usage(out);
    }

    /** Builds the command line with masktrain's error handling and output streams. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MasktrainCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpWidth(100);
        commandLine.registerConverter(Double.class, MasktrainCommand::parseNumber);
        commandLine.registerConverter(Double.TYPE, MasktrainCommand::parseNumber);
        ErrorHandling errors = new ErrorHandling();
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        OptionSections.install(commandLine);
        return commandLine;
    }

    /**
     * Parses a double as {@link Double#parseDouble} does, with a message that names the
     * expected form instead of the Java type.
     */
    static Double parseNumber(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number; "
                    + "give a finite decimal number such as 0.5 or 1e-3");
        }
    }

    /** Prints the masktrain, Java and operating-system versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "masktrain " + Version.get(),
                "Java " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch")
            };
        }
    }
}
