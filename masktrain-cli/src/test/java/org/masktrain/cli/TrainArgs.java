package org.masktrain.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of {@code masktrain train}, built from options keyed by their long names.
 *
 * <p>Setting an option twice replaces its value, so the command line never repeats an option.
 * The small defaults of {@link #small()} make a run take well under a second.
 */
final class TrainArgs {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();

    private TrainArgs() {
    }

    /** Returns arguments with no options set: every option takes the tool's default. */
    static TrainArgs none() {
        return new TrainArgs();
    }

    /**
     * Returns a tiny run: 60 embedded samples, width 20, 2 sub-networks, 2 local steps,
     * 2 rounds and one thread.
     */
    static TrainArgs small() {
        return new TrainArgs()
                .set("--samples", "60")
                .set("--width", "20")
                .set("--subnets", "2")
                .set("--local-steps", "2")
                .set("--rounds", "2")
                .set("--threads", "1");
    }

    /** Sets {@code option} (a long name such as {@code --width}) to {@code value}. */
    TrainArgs set(String option, String value) {
        options.put(option, value);
        return this;
    }

    /** Removes {@code option}, so the tool's default or a preset's value applies. */
    TrainArgs unset(String option) {
        options.remove(option);
        return this;
    }

    /** Adds arguments that take no value, such as {@code --drop-zero-rows}. */
    TrainArgs flag(String... arguments) {
        flags.addAll(List.of(arguments));
        return this;
    }

    /** Sets the run directory. */
    TrainArgs out(Path directory) {
        return set("--out", directory.toString());
    }

    /** Returns the command line, starting with the subcommand {@code train}. */
    String[] toArray() {
        List<String> args = new ArrayList<>();
        args.add("train");
        for (Map.Entry<String, String> option : options.entrySet()) {
            args.add(option.getKey());
            args.add(option.getValue());
        }
        args.addAll(flags);
        return args.toArray(new String[0]);
    }

    /** Runs the command line in this JVM. */
    Cli.Result run() {
        return Cli.run(toArray());
    }

    @Override
    public String toString() {
        return String.join(" ", toArray());
    }
}
