package org.masktrain.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Main#run} with standard output and standard error captured, in this JVM or in a
 * new one.
 *
 * <p>{@code System.out} and {@code System.err} are replaced for the duration of the call, so
 * tests that use this class must not run in parallel.
 *
 * <p>{@link Main#run} sets the slf4j-simple log level from {@code --verbose} and
 * {@code --debug}, but slf4j-simple 2.0 reads its level once per JVM, at the first logger. A run
 * with either option would change the log output of every later run in the same JVM, so such
 * runs go through {@link #runInNewJvm}.
 */
final class Cli {

    private Cli() {
    }

    /**
     * Exit status and captured streams of one run.
     *
     * @param status the value {@link Main#run} returned
     * @param out everything written to standard output
     * @param err everything written to standard error
     */
    record Result(int status, String out, String err) {

        /** Returns the lines of standard error, without line terminators. */
        List<String> errLines() {
            return err.lines().toList();
        }

        /** Returns both streams, labelled, for assertion messages. */
        String describe() {
            return "exit status " + status + "\n--- stdout ---\n" + out + "--- stderr ---\n"
                    + err;
        }
    }

    /** Runs the command line with {@code args} and returns its status and output. */
    static Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            status = Main.run(args);
            capturedOut.flush();
            capturedErr.flush();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs the command line in a new JVM with this JVM's class path, and returns its status
     * and output.
     */
    static Result runInNewJvm(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("masktrain-cli", ".out");
        Path err = Files.createTempFile("masktrain-cli", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("masktrain " + String.join(" ", args)
                        + " did not finish within 2 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
