package org.masktrain.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;
import org.masktrain.InvalidInputException;

/** Creates and, after an early failure, removes run directories. */
final class RunDirectories {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern(
            "yyyyMMdd-HHmmss");

    private RunDirectories() {
    }

    /**
     * Returns {@code --out} as an absolute, normalized path, so that its checks, the lock file
     * and every output use one location even when it contains {@code ..}; null stays null.
     *
     * @throws InvalidInputException when the path is empty
     */
    static Path normalize(Path requested) {
        if (requested == null) {
            return null;
        }
        if (requested.toString().isEmpty()) {
            throw new InvalidInputException("--out is empty; give a new or empty directory, "
                    + "or leave --out out for a folder under runs/");
        }
        return requested.toAbsolutePath().normalize();
    }

    /**
     * Checks that {@code requested} can become a run directory without touching the disk, so
     * bad input is reported before anything is created.
     */
    static void checkUsable(Path requested) {
        if (requested == null) {
            return;
        }
        rejectLink(requested);
        if (Files.isRegularFile(requested)) {
            throw new InvalidInputException("--out " + requested
                    + " is a file; give a new or empty directory");
        }
        if (Files.isDirectory(requested) && !isEmpty(requested)) {
            throw new InvalidInputException("--out " + requested + " already exists and is not "
                    + "empty; give a new directory so earlier results are not overwritten");
        }
    }

    /**
     * Rejects an {@code --out} that is a symbolic link, so no run writes through a link into a
     * folder the user did not name.
     *
     * @throws InvalidInputException when {@code out} is a symbolic link
     */
    static void rejectLink(Path out) {
        if (Files.isSymbolicLink(out)) {
            throw new InvalidInputException("--out " + out + " is a symbolic link; give "
                    + "the directory itself, so no run writes through a link");
        }
    }

    /**
     * Checks that {@code folder} can hold output folders: it is missing or a directory.
     *
     * @throws InvalidInputException when it is a file
     */
    static void checkWritable(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InvalidInputException("--out " + folder + " is a file; give a folder");
        }
    }

    /**
     * Creates {@code requested}, or a fresh {@code runs/<timestamp>-<label>} folder when it is
     * null, and returns it.
     */
    static Path create(Path requested, String label) {
        try {
            if (requested != null) {
                Files.createDirectories(requested);
                return requested;
            }
            Path parent = Path.of("runs");
            Files.createDirectories(parent);
            String base = LocalDateTime.now().format(STAMP) + "-" + label;
            for (int attempt = 1; ; attempt++) {
                Path candidate = parent.resolve(attempt == 1 ? base : base + "-" + attempt);
                try {
                    return Files.createDirectory(candidate);
                } catch (FileAlreadyExistsException e) {
                    // Another run started in the same second; take the next suffix.
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot create the run directory "
                    + (requested == null ? "under runs/" : requested) + ": " + e.getMessage()
                    + "; choose a writable --out");
        }
    }

    /** Deletes {@code directory} and everything in it; failures are ignored. */
    static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Best effort: the caller is already reporting the failure that matters.
                }
            });
        } catch (IOException e) {
            // Nothing to delete or not readable; the original error is what the user needs.
        }
    }

    private static boolean isEmpty(Path directory) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new InvalidInputException("--out " + directory + " cannot be read: "
                    + e.getMessage());
        }
    }
}
