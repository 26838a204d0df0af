package org.masktrain.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.masktrain.InvalidInputException;
import org.masktrain.report.RunDirectoryReader;

/**
 * A sweep folder as its sweep.json describes it, read defensively: the file may have been
 * edited, so every field is checked and every cell path must stay inside the folder.
 *
 * @param directory the sweep folder
 * @param figure the figure
 * @param definition the figure, settings and data, as stored
 * @param cells the runs in sweep order
 * @param rule the convergence rule, or null for Figures 2a and 2d
 * @param localSteps tau
 */
public record SweepData(Path directory, Figure figure, JsonNode definition, List<Entry> cells,
        ConvergenceRule rule, int localSteps) {

    /** Largest tau accepted from a sweep.json, which may have been edited. */
    static final int MAX_LOCAL_STEPS = 100_000;

    /** Copies the cell list. */
    public SweepData {
        cells = List.copyOf(cells);
    }

    /**
     * One run of the sweep as sweep.json lists it.
     *
     * @param group the grid point's index
     * @param name the grid point's folder name
     * @param repetition the repetition
     * @param path the run directory, inside the sweep folder
     * @param relativePath the run directory relative to the sweep folder, '/'-separated
     * @param parameters the grid point's numeric parameters by name
     */
    public record Entry(int group, String name, int repetition, Path path, String relativePath,
            Map<String, Double> parameters) {
    }

    /**
     * Reads {@code directory}/sweep.json.
     *
     * @throws InvalidInputException when the file is missing or malformed, or a cell path
     *     leaves the folder
     */
    public static SweepData read(Path directory) {
        Path file = directory.resolve(RunDirectoryReader.SWEEP_FILE);
        JsonNode root = RunDirectoryReader.readJson(file);
        Figure figure = Figure.fromLabel(text(root, "figure", file));
        JsonNode settings = root.path("settings");
        if (!settings.isObject()) {
            throw new InvalidInputException(file + ": missing object 'settings'");
        }
        ConvergenceRule rule = null;
        JsonNode ruleNode = settings.path("rule");
        if (ruleNode.isObject()) {
            rule = new ConvergenceRule(integer(ruleNode, "window", file),
                    integer(ruleNode, "patience", file), number(ruleNode, "floor", file));
        }
        if (rule == null && (figure == Figure.FIG2B || figure == Figure.FIG2C)) {
            throw new InvalidInputException(file + ": missing object 'settings.rule', the "
                    + "convergence rule of " + figure.label());
        }
        int localSteps = integer(settings, "localSteps", file);
        if (localSteps < 1 || localSteps > MAX_LOCAL_STEPS) {
            throw new InvalidInputException(file + ": localSteps " + localSteps + " is out of "
                    + "range; expected 1 to " + MAX_LOCAL_STEPS);
        }
        JsonNode list = root.path("cells");
        if (!list.isArray()) {
            throw new InvalidInputException(file + ": missing array 'cells'");
        }
        Path base = realPath(directory);
        List<Entry> cells = new ArrayList<>();
        for (JsonNode node : list) {
            if (!node.isObject()) {
                throw new InvalidInputException(file + ": every entry of 'cells' must be an "
                        + "object");
            }
            String relative = text(node, "path", file);
            String name = text(node, "name", file);
            cells.add(new Entry(integer(node, "group", file), name,
                    integer(node, "repetition", file), inside(base, relative, file), relative,
                    parameters(node.path("parameters"))));
        }
        JsonNode definition = root.deepCopy();
        return new SweepData(directory, figure, definition, cells, rule, localSteps);
    }

    /**
     * Resolves {@code relative} under {@code base} and checks that it stays there, following
     * links that exist.
     */
    static Path inside(Path base, String relative, Path file) {
        if (relative.isEmpty() || relative.indexOf('\0') >= 0 || relative.startsWith("/")
                || relative.contains("\\")) {
            throw new InvalidInputException(file + ": invalid cell path '"
                    + printable(relative) + "'");
        }
        Path resolved;
        try {
            resolved = base.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInputException(file + ": invalid cell path '"
                    + printable(relative) + "'");
        }
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new InvalidInputException(file + ": cell path '" + printable(relative)
                    + "' leaves the sweep folder");
        }
        if (Files.exists(resolved) && !realPath(resolved).startsWith(base)) {
            throw new InvalidInputException(file + ": cell path '" + printable(relative)
                    + "' is a link out of the sweep folder");
        }
        return resolved;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(path + " cannot be resolved: " + e.getMessage());
        }
    }

    private static Map<String, Double> parameters(JsonNode node) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (!node.isObject()) {
            return values;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNumber()) {
                values.put(field.getKey(), field.getValue().asDouble());
            }
        }
        return values;
    }

    private static String text(JsonNode node, String name, Path file) {
        JsonNode value = node.path(name);
        if (!value.isTextual()) {
            throw new InvalidInputException(file + ": missing text field '" + name + "'");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String name, Path file) {
        JsonNode value = node.path(name);
        if (!value.isInt()) {
            throw new InvalidInputException(file + ": missing integer field '" + name + "'");
        }
        return value.asInt();
    }

    private static double number(JsonNode node, String name, Path file) {
        JsonNode value = node.path(name);
        if (!value.isNumber()) {
            throw new InvalidInputException(file + ": missing number field '" + name + "'");
        }
        return value.asDouble();
    }

    private static String printable(String text) {
        String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() <= 60 ? cleaned : cleaned.substring(0, 60) + "...";
    }
}
