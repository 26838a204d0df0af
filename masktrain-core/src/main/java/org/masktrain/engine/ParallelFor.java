package org.masktrain.engine;

import java.util.function.IntConsumer;

/**
 * Runs the indices {@code 0 .. count-1} of a loop, possibly in parallel, and returns when all
 * are done. Each index must write only its own outputs, so a result never depends on how many
 * threads ran the loop.
 */
@FunctionalInterface
public interface ParallelFor {

    /** Runs every index on the calling thread, in order. */
    ParallelFor SEQUENTIAL = (count, body) -> {
        for (int i = 0; i < count; i++) {
            body.accept(i);
        }
    };

    /** Runs {@code body} for every index in {@code 0 .. count-1}. */
    void forEach(int count, IntConsumer body);
}
