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

    /** Checks the syntax of {@code --master}; a master from spark-submit is left to Spark. */
    @Override
    public void validate(EngineSettings settings) {
        if (settings.master() != null) {
            SparkSettings.checkMaster(settings.master());
        }
    }

    @Override
    public SubnetworkEngine create(EngineSettings settings, MatrixKernel kernel) {
        return new SparkEngine(settings, kernel);
    }
}
