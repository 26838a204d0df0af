package org.masktrain.engine;

import java.util.Locale;

/**
 * Handling of a sub-network whose task failed on every allowed attempt in a distributed engine.
 */
public enum LostSubnetworkPolicy {
    /**
     * Fails the round and the run. Together with task retries this keeps every round's result
     * equal to the local engine's.
     */
    RETRY,
    /**
     * Aggregates the sub-networks that finished and leaves the lost ones' neurons unchanged, as
     * Independent Subnetwork Training may do; the round differs from the local engine's.
     */
    SKIP;

    /** Returns the lower-case name used on the command line and in run outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
