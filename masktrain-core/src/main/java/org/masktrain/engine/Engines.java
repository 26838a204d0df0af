package org.masktrain.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.masktrain.InvalidInputException;
import org.masktrain.linalg.MatrixKernel;

/** Creates the engine a run names: the local thread pool, or one from an engine module. */
public final class Engines {

    private Engines() {
    }

    /**
     * Creates the engine named by {@code settings}; the caller closes it.
     *
     * @throws InvalidInputException when no engine of that name is on the class path
     */
    public static SubnetworkEngine create(EngineSettings settings, MatrixKernel kernel) {
        if (settings.engine().equals(EngineSettings.THREADS)) {
            return new ThreadPoolEngine(settings.threads(), kernel, settings.shardData());
        }
        return provider(settings.engine()).create(settings, kernel);
    }

    /**
     * Checks that the engine {@code name} can be created here, so that a front end can reject
     * the option before it writes anything.
     *
     * @throws InvalidInputException when no engine of that name is on the class path
     */
    public static void requireAvailable(String name) {
        if (!name.equals(EngineSettings.THREADS)) {
            provider(name);
        }
    }

    /**
     * Checks that the engine {@code settings} names can be created here and that its provider
     * accepts the settings, so that a front end can reject them before it writes anything.
     *
     * @throws InvalidInputException when no engine of that name is on the class path or a
     *     setting is invalid for it
     */
    public static void validate(EngineSettings settings) {
        if (!settings.engine().equals(EngineSettings.THREADS)) {
            provider(settings.engine()).validate(settings);
        }
    }

    private static EngineProvider provider(String name) {
        List<String> names = new ArrayList<>();
        names.add(EngineSettings.THREADS);
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            names.add(provider.name());
        }
        throw new InvalidInputException("--engine " + name + " needs the masktrain-" + name
                + " module on the class path; run through ./masktrain, which adds it, or "
                + "submit masktrain-spark.jar with spark-submit (engines available here: "
                + String.join(", ", names) + ")");
    }
}
