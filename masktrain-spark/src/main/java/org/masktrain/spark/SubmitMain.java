package org.masktrain.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.masktrain.cli.Main;

/**
 * Entry point of {@code masktrain-spark.jar} under spark-submit: runs the {@code masktrain}
 * command line, with {@code --engine spark} added to {@code train} unless an engine is named,
 * so that the master and settings spark-submit passes apply.
 */
public final class SubmitMain {

    private SubmitMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.run(withSparkEngine(args)));
    }

    /** Returns {@code args} with {@code --engine spark} after {@code train} when none is given. */
    static String[] withSparkEngine(String[] args) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        boolean named = list.stream().anyMatch(arg -> arg.equals("--engine")
                || arg.startsWith("--engine="));
        if (!list.isEmpty() && list.get(0).equals("train") && !named) {
            list.add(1, "--engine");
            list.add(2, "spark");
        }
        return list.toArray(new String[0]);
    }
}
