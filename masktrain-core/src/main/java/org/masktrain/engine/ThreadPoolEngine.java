package org.masktrain.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.masktrain.linalg.MatrixKernel;
import org.masktrain.training.LocalResult;
import org.masktrain.training.SubnetworkTask;
import org.masktrain.training.SubnetworkTrainers;
import org.masktrain.training.TrainingProblem;

/**
 * Runs sub-networks on a work-stealing pool of threads in this JVM, with a single-threaded
 * kernel in each thread so the cores are never oversubscribed. Inside a sub-network, the blocks
 * of samples of a local step are further tasks of the same pool, so a round with fewer
 * sub-networks than threads still keeps every thread busy. Blocks are fixed by the sample
 * count, and results are returned in task order, so nothing depends on the number of threads
 * or the completion order. Not for concurrent use by two trainers.
 */
public final class ThreadPoolEngine implements SubnetworkEngine, ParallelFor {

    private final int threads;
    private final MatrixKernel kernel;
    private final ForkJoinPool pool;
    private final boolean shardData;
    private SubnetworkTrainers trainer;

    /** Creates an engine with {@code threads} daemon worker threads. */
    public ThreadPoolEngine(int threads, MatrixKernel kernel) {
        this(threads, kernel, false);
    }

    /**
     * Creates an engine with {@code threads} daemon worker threads that, when
     * {@code shardData}, trains sub-network l on data shard l alone (see
     * {@link org.masktrain.training.DataShards}).
     */
    public ThreadPoolEngine(int threads, MatrixKernel kernel, boolean shardData) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.kernel = kernel;
        this.shardData = shardData;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ForkJoinPool(threads, owner -> {
            ForkJoinWorkerThread thread =
                    ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
            thread.setName("masktrain-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, null, false);
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
        trainer = new SubnetworkTrainers(problem, kernel, this, shardData);
    }

    @Override
    public List<LocalResult> run(List<SubnetworkTask> tasks) {
        if (trainer == null) {
            throw new IllegalStateException("prepare() must be called before run()");
        }
        SubnetworkTrainers current = trainer;
        List<ForkJoinTask<LocalResult>> jobs = new ArrayList<>(tasks.size());
        for (SubnetworkTask task : tasks) {
            jobs.add(ForkJoinTask.adapt(() -> current.train(task)));
        }
        invokeAll(jobs);
        List<LocalResult> results = new ArrayList<>(jobs.size());
        for (ForkJoinTask<LocalResult> job : jobs) {
            results.add(job.join());
        }
        return results;
    }

    @Override
    public void forEachIndex(int count, IntConsumer work) {
        forEach(count, work);
    }

    @Override
    public void forEach(int count, IntConsumer body) {
        if (count == 1) {
            body.accept(0);
            return;
        }
        List<ForkJoinTask<?>> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            jobs.add(ForkJoinTask.adapt(() -> body.accept(index)));
        }
        invokeAll(jobs);
    }

    /** Runs {@code jobs} in the pool, from a worker of it (nested) or from outside. */
    private <T extends ForkJoinTask<?>> void invokeAll(List<T> jobs) {
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
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }
}
