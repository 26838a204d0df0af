package org.masktrain.cli;

import java.io.PrintWriter;
import org.masktrain.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one-line messages on standard error and an exit status: 2 for bad usage
 * or bad input, 1 for anything else. The stack trace is printed only with {@code --debug}.
 */
final class ErrorHandling implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        // Picocli ends some messages with a period; the hint below follows a semicolon.
        String message = oneLine(ex.getMessage()).replaceAll("\\.$", "");
        if (ex instanceof CommandLine.UnmatchedArgumentException
                && command.getParent() == null && !command.getSubcommands().isEmpty()
                && args.length > 0 && !args[0].startsWith("-")) {
            message = "unknown command '" + args[0] + "'; the commands are "
                    + String.join(", ", command.getSubcommands().keySet());
        }
        err.println("masktrain: " + message + "; see '"
                + command.getCommandSpec().qualifiedName() + " --help'");
        if (hasDebug(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        boolean debug = hasDebug(parsed.originalArgs().toArray(new String[0]));
        int status;
        if (ex instanceof InvalidInputException) {
            err.println("masktrain: " + oneLine(ex.getMessage()));
            status = BAD_INPUT;
        } else {
            err.println("masktrain: " + (ex instanceof RuntimeException && ex.getMessage() != null
                    ? oneLine(ex.getMessage()) : "internal error: " + ex)
                    + (debug ? "" : " (run with --debug for details)"));
            status = FAILURE;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    private static boolean hasDebug(String[] args) {
        for (String arg : args) {
            if (arg.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
