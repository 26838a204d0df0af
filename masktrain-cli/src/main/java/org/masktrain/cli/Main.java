package org.masktrain.cli;

import org.masktrain.InvalidInputException;
import picocli.CommandLine;

/** Entry point of the {@code masktrain} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status, without exiting the JVM. */
    public static int run(String... args) {
        // Plots are drawn off-screen; this must be set before AWT starts.
        System.setProperty("java.awt.headless", "true");
        configureLogging(args);
        CommandLine commandLine = MasktrainCommand.commandLine();
        try {
            ConfigFileDefaults.install(commandLine, args);
        } catch (InvalidInputException e) {
            commandLine.getErr().println("masktrain: " + e.getMessage());
            commandLine.getErr().flush();
            return ErrorHandling.BAD_INPUT;
        }
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // Picocli hands only exceptions to the error handler; an Error arrives here.
            commandLine.getErr().println("masktrain: out of memory: the run needs more than the "
                    + "Java heap's " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; "
                    + "give more with MASKTRAIN_JAVA_OPTS=-Xmx8g, or lower --samples or --width");
            commandLine.getErr().flush();
            return ErrorHandling.FAILURE;
        }
    }

    /**
     * Sets the slf4j-simple level before any logger exists: warnings only, unless
     * {@code --verbose} or {@code --debug} requests the per-round log on standard error.
     */
    private static void configureLogging(String[] args) {
        String level = "warn";
        for (String arg : args) {
            if (arg.equals("--debug")) {
                level = "debug";
            } else if (arg.equals("--verbose") || arg.equals("-v")) {
                level = "info";
            }
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
