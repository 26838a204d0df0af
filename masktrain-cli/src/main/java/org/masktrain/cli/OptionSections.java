package org.masktrain.cli;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lists a command's options under headings, one per options class (data, model and training,
 * output), in declaration order. Options are declared in mixins rather than argument groups
 * because picocli starts a new group, with default values, when an option of a group repeats.
 */
final class OptionSections implements IHelpSectionRenderer {

    private static final Map<Class<?>, String> HEADINGS = new LinkedHashMap<>();

    static {
        HEADINGS.put(DataOptions.class, "Data and preprocessing:");
        HEADINGS.put(TrainingOptions.class, "Model and training:");
        HEADINGS.put(EngineOptions.class, "Engine:");
        HEADINGS.put(DiagnosticsOptions.class, "Theory, diagnostics and step size:");
        HEADINGS.put(NtkOptions.class, "Kernels, eigenvalues and output:");
        HEADINGS.put(ReproduceOptions.class, "Data, sweep sizes and convergence rule:");
        HEADINGS.put(TrainCommand.OutputOptions.class, "Output:");
        HEADINGS.put(ReproduceCommand.Output.class, "Output:");
    }

    /** Installs this renderer on {@code commandLine} and all its subcommands. */
    static void install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec
                .SECTION_KEY_OPTION_LIST, new OptionSections());
        commandLine.getSubcommands().values().forEach(OptionSections::install);
    }

    @Override
    public String render(Help help) {
        Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
        sections.put("", new ArrayList<>());
        for (String heading : HEADINGS.values()) {
            sections.put(heading, new ArrayList<>());
        }
        for (OptionSpec option : help.commandSpec().options()) {
            if (option.hidden()) {
                continue;
            }
            sections.get(headingOf(option)).add(option);
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> section : sections.entrySet()) {
            if (section.getValue().isEmpty()) {
                continue;
            }
            if (!section.getKey().isEmpty()) {
                text.append(System.lineSeparator()).append(section.getKey())
                        .append(System.lineSeparator());
            }
            text.append(help.optionListExcludingGroups(section.getValue(),
                    help.createDefaultLayout(), null, help.parameterLabelRenderer()));
        }
        return text.toString();
    }

    private static String headingOf(OptionSpec option) {
        if (option.userObject() instanceof Field field) {
            String heading = HEADINGS.get(field.getDeclaringClass());
            if (heading != null) {
                return heading;
            }
        }
        return "";
    }
}
