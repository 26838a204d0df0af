package org.masktrain.engine;

import java.util.List;
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

    private final WorkerPool pool;
    private final MatrixKernel kernel;
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
        this.pool = new WorkerPool(threads, "masktrain-worker");
        this.kernel = kernel;
        this.shardData = shardData;
    }

    @Override
    public String name() {
        return "threads";
    }

    /** Returns the number of worker threads. */
    public int threads() {
        return pool.threads();
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
        LocalResult[] results = new LocalResult[tasks.size()];
        pool.forEach(tasks.size(), i -> results[i] = current.train(tasks.get(i)));
        return List.of(results);
    }

    @Override
    public void forEachIndex(int count, IntConsumer work) {
        pool.forEach(count, work);
    }

    @Override
    public void forEach(int count, IntConsumer body) {
        pool.forEach(count, body);
    }

    @Override
    public void close() {
        pool.close();
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }
}
