package org.masktrain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.masktrain.InvalidInputException;
import org.masktrain.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code masktrain report}: writes a self-contained HTML page per run or sweep folder. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = MasktrainCommand.VersionProvider.class,
        description = {
            "Writes one self-contained HTML page per run directory, sweep folder (from "
                    + "'masktrain reproduce') or folder of sweeps: the plots embedded, the "
                    + "configuration, and the theory-against-measurement table when the run "
                    + "has one. The page needs no network and no scripts.",
            "",
            "Examples:",
            "  masktrain report runs/<run>           (writes runs/<run>/report.html)",
            "  masktrain report reproduce/fig2b reproduce -o pages",
            ""
        })
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*",
            description = "Run directories, sweep folders or folders of sweeps.")
    List<Path> directories;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Folder for the pages, named after each DIR (default: each page is "
                    + "DIR/report.html).")
    Path out;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        for (Path directory : directories) {
            try {
                HtmlReport.requireReportable(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + directory, e);
            }
        }
        if (out != null) {
            RunDirectories.checkWritable(out);
        }
        Path created = out == null ? null : firstMissing(out);
        try {
            writePages();
        } catch (RuntimeException e) {
            if (created != null) {
                // The folders are this command's own, so a failed page leaves nothing behind.
                RunDirectories.deleteQuietly(created);
            }
            throw e;
        }
        return 0;
    }

    /** Returns the outermost folder of {@code folder}'s path that does not exist, or null. */
    private static Path firstMissing(Path folder) {
        Path missing = folder.toAbsolutePath().normalize();
        if (Files.exists(missing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        while (missing.getParent() != null && !Files.exists(missing.getParent(),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            missing = missing.getParent();
        }
        return missing;
    }

    private void writePages() {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Path directory : directories) {
            Path page = out == null ? directory.resolve(HtmlReport.PAGE_NAME)
                    : out.resolve(uniqueName(pageName(directory), used));
            try {
                if (out != null) {
                    Files.createDirectories(out);
                    requireInside(out, page);
                }
                HtmlReport.write(directory, page);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + page, e);
            }
            System.out.println("report: " + page);
        }
    }

    /** Returns a file name derived from the folder's name: letters, digits, '.', '-', '_'. */
    static String pageName(Path directory) {
        Path name = directory.toAbsolutePath().normalize().getFileName();
        String base = name == null ? "root" : name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        base = base.replaceAll("^\\.+", "");
        if (base.isEmpty()) {
            base = "report";
        }
        return base + ".html";
    }

    /** Returns {@code name}, or name-2.html, name-3.html... when an earlier page took it. */
    private static String uniqueName(String name, java.util.Set<String> used) {
        String base = name.substring(0, name.length() - ".html".length());
        String candidate = name;
        for (int suffix = 2; !used.add(candidate); suffix++) {
            candidate = base + "-" + suffix + ".html";
        }
        return candidate;
    }

    private static void requireInside(Path folder, Path page) throws IOException {
        Path real = folder.toRealPath();
        Path target = real.resolve(page.getFileName().toString()).normalize();
        if (!target.getParent().equals(real)) {
            throw new InvalidInputException("page " + page + " would leave --out " + folder);
        }
        if (Files.isSymbolicLink(page)) {
            throw new InvalidInputException(page + " is a symbolic link; give another --out");
        }
    }
}
