package org.masktrain.engine;

import java.util.List;
import org.masktrain.training.LocalResult;
import org.masktrain.training.SubnetworkTask;
import org.masktrain.training.TrainingProblem;

/**
 * Runs the sub-networks of a round: on a thread pool in this JVM, or on a cluster.
 *
 * <p>The trainer calls {@link #prepare} once, then {@link #run} once per round, then
 * {@link #close}. An engine must return, for each task, exactly what
 * {@link org.masktrain.training.LocalTrainer#train} returns for it, so that the results never
 * depend on the engine, the number of workers or the order in which tasks finish.
 */
public interface SubnetworkEngine extends AutoCloseable {

    /** A short name recorded in run outputs, for example {@code threads}. */
    String name();

    /** Receives the data and configuration before the first round, for example to cache it. */
    void prepare(TrainingProblem problem);

    /**
     * Trains every task of one round.
     *
     * @return the results in the order of {@code tasks}
     */
    List<LocalResult> run(List<SubnetworkTask> tasks);

    /**
     * Runs {@code work} over the indices {@code 0 .. count-1} on the engine's local threads,
     * for driver-side work such as evaluating the full network in row blocks. Each index must
     * write only its own outputs.
     */
    void forEachIndex(int count, java.util.function.IntConsumer work);

    /**
     * Returns whether {@link #lastRoundTraffic} reports what each round sent, so run outputs can
     * add the traffic columns; false for engines that ship nothing.
     */
    default boolean reportsTraffic() {
        return false;
    }

    /** Returns what the last {@link #run} shipped, or null when the engine ships nothing. */
    default RoundTraffic lastRoundTraffic() {
        return null;
    }

    /** Releases threads and connections. */
    @Override
    void close();
}
