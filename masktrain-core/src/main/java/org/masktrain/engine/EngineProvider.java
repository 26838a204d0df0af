package org.masktrain.engine;

import org.masktrain.linalg.MatrixKernel;

/**
 * Factory of an engine that lives in an optional module, found through
 * {@link java.util.ServiceLoader} so that the core and the command line need that module's
 * dependencies (for example Apache Spark) only when the engine is used.
 */
public interface EngineProvider {

    /** The name that selects this engine, for example {@code spark}. */
    String name();

    /**
     * Checks the settings before anything is written or started, for example the syntax of
     * the master URL. The default accepts every setting.
     *
     * @throws org.masktrain.InvalidInputException when a setting is invalid for this engine
     */
    default void validate(EngineSettings settings) {
    }

    /**
     * Creates an engine; the caller closes it.
     *
     * @param settings the run's engine settings, whose {@code engine} is {@link #name()}
     * @param kernel the kernel for driver-side work; executors create their own from the
     *     training configuration's kernel choice
     */
    SubnetworkEngine create(EngineSettings settings, MatrixKernel kernel);
}
