package org.masktrain.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.training.LocalResult;
import org.masktrain.training.LocalTrainer;
import org.masktrain.training.SubnetworkTask;
import org.masktrain.training.TrainingProblem;

/**
 * Runs sub-networks on a fixed pool of threads in this JVM, one sub-network per thread at a
 * time with a single-threaded kernel in each, so the cores are never oversubscribed. Results
 * are returned in task order whatever the completion order. Not for concurrent use by two
 * trainers.
 */
public final class ThreadPoolEngine implements SubnetworkEngine {

    private final int threads;
    private final MatrixKernel kernel;
    private final ExecutorService pool;
    private LocalTrainer trainer;

    /** Creates an engine with {@code threads} daemon worker threads. */
    public ThreadPoolEngine(int threads, MatrixKernel kernel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.kernel = kernel;
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "masktrain-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return "threads";
    }

    /** Returns the number of worker threads. */
    public int threads() {
        return threads;
    }

    @Override
    public void prepare(TrainingProblem problem) {
        if (trainer != null) {
            trainer.close();
        }
        trainer = new LocalTrainer(problem, kernel);
    }

    @Override
    public List<LocalResult> run(List<SubnetworkTask> tasks) {
        if (trainer == null) {
            throw new IllegalStateException("prepare() must be called before run()");
        }
        List<Future<LocalResult>> futures = new ArrayList<>(tasks.size());
        for (SubnetworkTask task : tasks) {
            futures.add(pool.submit(() -> trainer.train(task)));
        }
        List<LocalResult> results = new ArrayList<>(tasks.size());
        for (Future<LocalResult> future : futures) {
            results.add(await(future));
        }
        return results;
    }

    @Override
    public void forEachIndex(int count, IntConsumer work) {
        List<Future<?>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> work.accept(index)));
        }
        for (Future<?> future : futures) {
            await(future);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sub-network", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("sub-network training failed", cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }
}
