package org.masktrain.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A work-stealing pool of daemon threads that runs loops of independent indices. A loop
 * started from inside one of its own indices becomes further tasks of the same pool, so nested
 * loops keep every thread busy without oversubscribing the cores. Each index must write only
 * its own outputs, so results never depend on the thread count. Close it to stop the threads.
 */
public final class WorkerPool implements ParallelFor, AutoCloseable {

    private final int threads;
    private final ForkJoinPool pool;

    /**
     * Creates a pool of {@code threads} workers named {@code name-1}, {@code name-2} and so on.
     * Zero threads means one per available core.
     */
    public WorkerPool(int threads, String name) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ForkJoinPool(this.threads, owner -> {
            ForkJoinWorkerThread thread =
                    ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
            thread.setName(name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, null, false);
    }

    /** Returns the number of worker threads. */
    public int threads() {
        return threads;
    }

    @Override
    public void forEach(int count, IntConsumer body) {
        if (count == 1 || threads == 1 && ForkJoinTask.getPool() != pool) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        List<ForkJoinTask<?>> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            jobs.add(ForkJoinTask.adapt(() -> body.accept(index)));
        }
        if (ForkJoinTask.getPool() == pool) {
            ForkJoinTask.invokeAll(jobs);
            return;
        }
        pool.invoke(ForkJoinTask.adapt(() -> {
            ForkJoinTask.invokeAll(jobs);
        }));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
