package org.masktrain.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.masktrain.InvalidInputException;

/** Checks of an output file option, made before any work so a bad path fails at once. */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Checks that {@code file}, given with {@code option}, can be written: it is not a
     * directory or a symbolic link, and its directory exists. An existing regular file is
     * replaced.
     *
     * @throws InvalidInputException naming the option, the path and the fix
     */
    static void checkWritableFile(String option, Path file) {
        if (file == null) {
            return;
        }
        if (file.toString().isEmpty()) {
            throw new InvalidInputException(option + " is empty; give a file name such as "
                    + "results.json");
        }
        if (Files.isSymbolicLink(file)) {
            throw new InvalidInputException(option + " " + file + " is a symbolic link; give "
                    + "the file itself, so no output is written through a link");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(option + " " + file + " is a directory; give a "
                    + "file name such as results.json");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new InvalidInputException(option + " " + file + ": the directory " + parent
                    + " does not exist; create it or choose another file");
        }
    }
}
