package org.masktrain.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.masktrain.InvalidInputException;
import org.masktrain.run.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values read from a JSON file given with {@code --config}. Keys are the long option
 * names without the leading dashes ({@code "local-steps": 10}); a value given on the command
 * line wins over the file. The {@code provenance} object that a run's {@code config.json}
 * carries is ignored, so that file can be given back to repeat the run. Keys of {@code train}
 * options are accepted and ignored by commands without that option, so {@code ntk --config}
 * reads a run's config.json. Duplicate keys are rejected.
 */
final class ConfigFileDefaults implements IDefaultValueProvider {

    /** Keys a run writes for information only. */
    static final String PROVENANCE = "provenance";

    /** Options that control the command itself and have no meaning in a config file. */
    private static final Set<String> NOT_CONFIG_KEYS = Set.of("config", "resume", "help",
            "version", "debug");

    private final Map<String, String> values;

    private ConfigFileDefaults(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads {@code file} and checks every key against the options of {@code spec}.
     *
     * @throws InvalidInputException when the file is missing, not a JSON object, or has an
     *     unknown key or a value that is not a number, string, boolean or list of those
     */
    static ConfigFileDefaults read(Path file, CommandSpec spec) {
        JsonNode root;
        try {
            if (Files.size(file) > RunDirectory.MAX_JSON_BYTES) {
                throw new InvalidInputException("--config " + file + ": the file has "
                        + Files.size(file) + " bytes, more than the " + RunDirectory.MAX_JSON_BYTES
                        + " a config file may have");
            }
            root = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--config: file not found: " + file);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("--config " + file + ": invalid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("--config " + file + ": cannot read the file: "
                    + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("--config " + file
                    + ": expected a JSON object of option names and values, like "
                    + "{\"width\": 500, \"rounds\": 30}");
        }

        Set<String> accepted = configKeys(spec);
        CommandLine train = spec.root().commandLine() == null ? null
                : spec.root().commandLine().getSubcommands().get("train");
        Set<String> trainKeys = train == null ? Set.of() : configKeys(train.getCommandSpec());
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals(PROVENANCE)
                    || (!accepted.contains(key) && trainKeys.contains(key))) {
                continue;
            }
            if (!accepted.contains(key)) {
                throw new InvalidInputException("--config " + file + ": unknown key '" + key
                        + "'; accepted keys: " + String.join(", ", accepted));
            }
            values.put(key, toOptionText(file, key, field.getValue()));
        }
        return new ConfigFileDefaults(values);
    }

    /** Returns the long option names of {@code spec}, without dashes, a config file may set. */
    private static Set<String> configKeys(CommandSpec spec) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (name.startsWith("--") && !NOT_CONFIG_KEYS.contains(name.substring(2))) {
                keys.add(name.substring(2));
            }
        }
        return keys;
    }

    /**
     * Finds {@code --config FILE} (or {@code --resume DIR}, which reads {@code DIR/config.json})
     * after a subcommand name in {@code args} and installs the file's values as that
     * subcommand's defaults. Does nothing when no file is given.
     */
    static void install(CommandLine root, String[] args) {
        CommandLine command = null;
        for (int i = 0; i < args.length; i++) {
            if (command == null) {
                command = root.getSubcommands().get(args[i]);
                continue;
            }
            String file = null;
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                file = args[i].substring("--config=".length());
            } else if (command.getCommandSpec().findOption("--resume") != null
                    && args[i].equals("--resume") && i + 1 < args.length) {
                file = resumeConfig(args[i + 1]);
            } else if (command.getCommandSpec().findOption("--resume") != null
                    && args[i].startsWith("--resume=")) {
                file = resumeConfig(args[i].substring("--resume=".length()));
            }
            if (file != null) {
                command.setDefaultValueProvider(read(Path.of(file), command.getCommandSpec()));
                return;
            }
        }
    }

    /** Checks the run directory {@code directory} and returns its config.json. */
    private static String resumeConfig(String directory) {
        return RunDirectory.open(Path.of(directory)).files().config().toString();
    }

    private static String toOptionText(Path file, String key, JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    throw invalidValue(file, key, value);
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        if (!value.isValueNode() || value.isNull()) {
            throw invalidValue(file, key, value);
        }
        return value.asText();
    }

    private static InvalidInputException invalidValue(Path file, String key, JsonNode value) {
        return new InvalidInputException("--config " + file + ": key '" + key + "' has the value "
                + value + "; expected a number, a string, a boolean or a list of those");
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option && option.longestName().startsWith("--")) {
            return values.get(option.longestName().substring(2));
        }
        return null;
    }
}
