package org.masktrain.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.masktrain.InvalidInputException;

/**
 * Runs a loader on mutated inputs and records every input on which it misbehaves: an
 * exception other than {@link InvalidInputException}, an {@link Error} such as
 * {@link OutOfMemoryError} or {@link StackOverflowError}, no result within the time limit, or
 * more memory allocated than a bound proportional to the input's size.
 *
 * <p>Allocation is measured per thread with HotSpot's
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}; where that is unavailable
 * the bound is not checked.
 */
final class FuzzHarness implements AutoCloseable {

    /** Allocation allowed for any input, on top of {@link #BYTES_PER_INPUT_BYTE} per byte. */
    static final long BASE_ALLOCATION = 64L << 20;
    /**
     * Allocation allowed per byte of input: a double per byte read, copies of it, and room for
     * a compressed input to expand.
     */
    static final long BYTES_PER_INPUT_BYTE = 4096;
    static final long TIMEOUT_SECONDS = 10;

    /** A loader under test: reads {@code file} and returns normally or throws. */
    @FunctionalInterface
    interface Target {
        void load(Path file) throws Exception;
    }

    /** One misbehaviour, with the file that contains the input. */
    record Failure(String target, Path input, String problem) {
        @Override
        public String toString() {
            return target + ": " + problem + " (input saved as " + input + ")";
        }
    }

    private ExecutorService executor = newExecutor();
    private final Path work;
    private final Path failures;

    /**
     * @param work a directory for the current input
     * @param failures the directory where inputs that cause a failure are saved
     */
    FuzzHarness(Path work, Path failures) {
        this.work = work;
        this.failures = failures;
    }

    /**
     * Runs {@code target} on {@code input}, written to a file named {@code fileName}, and
     * returns the failure or null.
     */
    Failure check(String name, Target target, byte[] input, String fileName, String label)
            throws IOException, InterruptedException {
        Path file = work.resolve(fileName);
        Files.write(file, input);
        long limit = BASE_ALLOCATION + BYTES_PER_INPUT_BYTE * input.length;
        Future<String> outcome = executor.submit(() -> run(target, file, limit));
        String problem;
        try {
            problem = outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // The hung thread may ignore the interrupt, so later inputs get a new thread.
            outcome.cancel(true);
            executor.shutdownNow();
            executor = newExecutor();
            problem = "timed out after " + TIMEOUT_SECONDS + " s";
        } catch (ExecutionException e) {
            problem = "harness error: " + e.getCause();
        }
        if (problem == null) {
            return null;
        }
        Files.createDirectories(failures);
        Path saved = failures.resolve(name + "-" + label + "-" + fileName);
        Files.write(saved, input);
        return new Failure(name, saved, problem);
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fuzz-target");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String run(Target target, Path file, long limit) {
        long before = allocatedBytes();
        String problem = null;
        try {
            target.load(file);
        } catch (InvalidInputException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()
                    || e.getMessage().contains("\n")) {
                problem = "InvalidInputException without a one-line message: " + e.getMessage();
            }
        } catch (Throwable e) {
            StackTraceElement[] trace = e.getStackTrace();
            problem = e + (trace.length > 0 ? " at " + trace[0] : "");
        }
        long allocated = allocatedBytes() - before;
        if (problem == null && before >= 0 && allocated > limit) {
            problem = "allocated " + allocated + " bytes, more than the bound of " + limit;
        }
        return problem;
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean hotspot) {
            return hotspot.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    /** Returns the failures of {@code iterations} mutations of the seeds, drawn from seed. */
    List<Failure> fuzz(String name, Target target, List<byte[]> seeds, String fileName,
            int iterations, long seed) throws IOException, InterruptedException {
        List<Failure> found = new ArrayList<>();
        for (byte[] input : seeds) {
            Failure failure = check(name, target, input, fileName, "seed");
            if (failure != null) {
                found.add(failure);
            }
        }
        Mutator mutator = new Mutator(seed);
        for (int i = 0; i < iterations && found.size() < 5; i++) {
            byte[] input = mutator.mutate(seeds.get(i % seeds.size()));
            Failure failure = check(name, target, input, fileName, Integer.toString(i));
            if (failure != null) {
                found.add(failure);
            }
        }
        return found;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
