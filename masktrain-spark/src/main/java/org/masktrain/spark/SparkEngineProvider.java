package org.masktrain.spark;

import org.masktrain.engine.EngineProvider;
import org.masktrain.engine.EngineSettings;
import org.masktrain.engine.SubnetworkEngine;
import org.masktrain.linalg.MatrixKernel;

/** Makes {@link SparkEngine} selectable as {@code --engine spark} through the service loader. */
public final class SparkEngineProvider implements EngineProvider {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public SubnetworkEngine create(EngineSettings settings, MatrixKernel kernel) {
        return new SparkEngine(settings, kernel);
    }
}
