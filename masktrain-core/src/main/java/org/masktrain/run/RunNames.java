package org.masktrain.run;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.masktrain.InvalidInputException;

/**
 * Checks names that users give to run directories (a run or sweep cell name), so that the
 * directory a name selects always lies directly inside its parent: no path separators, no
 * {@code .} or {@code ..}, no leading dot, no control characters, and no existing symbolic
 * link at the resulting path.
 */
public final class RunNames {

    /** The maximum name length in characters; most file systems allow 255 bytes. */
    public static final int MAX_LENGTH = 200;

    private RunNames() {
    }

    /**
     * Returns {@code parent.resolve(name)} after checking {@code name}.
     *
     * @param option the option or field the name came from, for the message, such as
     *     {@code --run-name}
     * @param parent the directory that must contain the run directory
     * @param name the user's name
     * @throws InvalidInputException when the name is empty, too long, contains a path
     *     separator or a control character, starts with a dot, or names a symbolic link
     */
    public static Path resolveInside(String option, Path parent, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidInputException(option + " '" + name + "' " + problem + "; use "
                    + "letters, digits, '-', '_' and '.' (not first), at most " + MAX_LENGTH
                    + " characters");
        }
        Path child = parent.resolve(name);
        if (!child.normalize().getParent().equals(parent.normalize())) {
            throw new InvalidInputException(option + " '" + name + "' leaves the directory "
                    + parent);
        }
        if (Files.isSymbolicLink(child)) {
            throw new InvalidInputException(option + " '" + name + "': " + child + " is a "
                    + "symbolic link; remove it or choose another name");
        }
        if (Files.exists(child, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(option + " '" + name + "': " + child + " exists "
                    + "and is not a directory");
        }
        return child;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (name.startsWith(".")) {
            return "starts with a dot (as '.', '..' and hidden files do)";
        }
        for (int i = 0; i < name.length(); i++) {
            char character = name.charAt(i);
            if (character == '/' || character == '\\') {
                return "contains a path separator";
            }
            if (Character.isISOControl(character)) {
                return "contains a control character";
            }
            if (character == ':') {
                return "contains ':', which names a drive or stream on Windows";
            }
        }
        return null;
    }
}
