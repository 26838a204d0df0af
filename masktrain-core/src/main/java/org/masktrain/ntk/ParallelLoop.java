package org.masktrain.ntk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the indices {@code 0 .. count-1} of a loop on a fixed set of daemon threads. Each index
 * must write only its own outputs, so results do not depend on the thread count. With one
 * thread the loop runs on the caller's thread. Close it to stop the threads.
 */
final class ParallelLoop implements AutoCloseable {

    private final int threads;
    private final ExecutorService executor;

    /** Creates a loop runner with {@code threads} workers; 0 means one per available core. */
    ParallelLoop(int threads) {
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (this.threads == 1) {
            executor = null;
        } else {
            executor = Executors.newFixedThreadPool(this.threads, runnable -> {
                Thread thread = new Thread(runnable, "masktrain-ntk");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** Returns the number of worker threads. */
    int threads() {
        return threads;
    }

    /** Runs {@code body} for every index and returns when all are done. */
    void run(int count, IntConsumer body) {
        if (executor == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, count); t++) {
            futures.add(executor.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    body.accept(i);
                }
            }));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing a kernel block", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
