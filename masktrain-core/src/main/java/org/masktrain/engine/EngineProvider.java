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
     * Creates an engine; the caller closes it.
     *
     * @param settings the run's engine settings, whose {@code engine} is {@link #name()}
     * @param kernel the kernel for driver-side work; executors create their own from the
     *     training configuration's kernel choice
     */
    SubnetworkEngine create(EngineSettings settings, MatrixKernel kernel);
}
