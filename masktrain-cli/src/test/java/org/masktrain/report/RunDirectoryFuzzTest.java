package org.masktrain.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;

/**
 * Seeded, bounded fuzzing of the report's reading of run and sweep folders: truncated,
 * corrupted and hand-edited files must give a page with "not available" sections or an
 * {@link InvalidInputException}, never another exception or a hang.
 */
class RunDirectoryFuzzTest {

    private static final long SEED = 20261204L;
    private static final int ITERATIONS = 100;
    private static final List<String> TOKENS = List.of(",", "\n", "\"", "{", "}", "[", "]",
            "NaN", "-Infinity", "1e999999", "null", "\u0000", "\u00ff\u00fe", "<script>",
            "../..", "9".repeat(80), "[".repeat(3000), ":", "\r\n");

    /** Returns the files of a small valid sweep with one run, keyed by path in the folder. */
    static Map<String, String> validSweep() {
        Map<String, String> files = new LinkedHashMap<>();
        String run = "cells/xi0.50-p02/rep00/";
        files.put("sweep.json", "{\"figure\":\"fig2b\",\"settings\":{\"localSteps\":2,"
                + "\"rule\":{\"window\":2,\"patience\":1,\"floor\":0.0}},\"data\":{\"data\":"
                + "\"embedded\"},\"cells\":[{\"group\":0,\"name\":\"xi0.50-p02\","
                + "\"repetition\":0,\"path\":\"" + run.substring(0, run.length() - 1)
                + "\",\"parameters\":{\"xi\":0.5,\"subnets\":2}}]}\n");
        files.put(run + "config.json", "{\"width\":20,\"xi\":0.5,\"provenance\":{\"data_source"
                + "\":\"embedded\",\"preprocessing\":[\"normalized\"]}}\n");
        files.put(run + "metrics.csv", "round,loss,mse,elapsed_seconds\n0,10.0,0.5,0.01\n"
                + "1,8.0,0.4,0.02\n2,7.5,0.375,0.03\n3,7.4,0.37,0.04\n");
        files.put(run + "local.csv", "round,subnet,step,loss\n0,0,0,12.0\n0,0,1,9.0\n"
                + "0,0,2,8.5\n0,1,0,11.0\n0,1,1,9.5\n0,1,2,8.7\n");
        files.put(run + "summary.json", "{\"status\":\"completed\",\"rounds\":3,"
                + "\"final_loss\":7.4,\"rate_theory\":0.99,\"rate_measured\":0.9,"
                + "\"lambda0_half\":0.01,\"theory\":{\"rate_formula\":\"1 - eta\",\"verdict\":"
                + "\"outside\",\"neighbourhood_inside_O\":1.0}}\n");
        files.put(run + "diagnostics.csv", "round,subnet,active_neurons,ntk_min_start,"
                + "ntk_min_end,max_weight_drift,flipped_share\n0,0,10,0.1,0.05,0.2,0.01\n"
                + "2,0,11,0.1,0.04,0.3,0.02\n");
        return files;
    }

    @Test
    void corruptedFilesNeverCrashTheReport(@TempDir Path dir) {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            SplittableRandom random = new SplittableRandom(SEED);
            Map<String, String> valid = validSweep();
            List<String> names = List.copyOf(valid.keySet());
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                Path sweep = dir.resolve("it" + iteration);
                write(sweep, valid);
                int mutations = 1 + random.nextInt(3);
                StringBuilder log = new StringBuilder();
                for (int j = 0; j < mutations; j++) {
                    String name = names.get(random.nextInt(names.size()));
                    log.append(mutate(sweep.resolve(name), random)).append(' ').append(name)
                            .append("; ");
                }
                Path run = sweep.resolve("cells/xi0.50-p02/rep00");
                check(() -> HtmlReport.write(run, sweep.resolve("run.html")), iteration, log);
                check(() -> HtmlReport.write(sweep, sweep.resolve("sweep.html")), iteration,
                        log);
                check(() -> HtmlReport.write(sweep, run.resolve("again.html")), iteration, log);
            }
        });
    }

    @Test
    void validSweepGivesFullPage(@TempDir Path dir) throws IOException {
        write(dir, validSweep());

        HtmlReport.write(dir, dir.resolve("page.html"));
        HtmlReport.write(dir.resolve("cells/xi0.50-p02/rep00"), dir.resolve("run.html"));

        String sweepPage = Files.readString(dir.resolve("page.html"));
        assertTrue(sweepPage.contains("href=\"cells/xi0.50-p02/\""), sweepPage);
        assertFalse(sweepPage.contains("class=\"missing\""), sweepPage);
        String runPage = Files.readString(dir.resolve("run.html"));
        assertTrue(runPage.contains("Theory against measurement"), runPage);
        assertTrue(runPage.contains("id=\"plot-diagnostics\""), runPage);
        assertFalse(runPage.contains("class=\"missing\""), runPage);
    }

    @Test
    void cellPathOutOfTheFolderRejected(@TempDir Path dir) throws IOException {
        Map<String, String> files = validSweep();
        files.put("sweep.json", files.get("sweep.json")
                .replace("\"path\":\"cells/xi0.50-p02/rep00\"", "\"path\":\"../outside\""));
        write(dir.resolve("sweep"), files);
        Files.createDirectories(dir.resolve("outside"));

        HtmlReport.write(dir.resolve("sweep"), dir.resolve("sweep/page.html"));

        String page = Files.readString(dir.resolve("sweep/page.html"));
        assertTrue(page.contains("leaves the sweep folder"), page);
    }

    @Test
    void sweepWithoutRuleOrWithHugeTauRejected(@TempDir Path dir) throws IOException {
        Map<String, String> files = validSweep();
        String valid = files.get("sweep.json");
        files.put("sweep.json", valid.replace(",\"rule\":{\"window\":2,\"patience\":1,"
                + "\"floor\":0.0}", ""));
        write(dir.resolve("norule"), files);
        files.put("sweep.json", valid.replace("\"localSteps\":2", "\"localSteps\":2000000000"));
        write(dir.resolve("hugetau"), files);

        HtmlReport.write(dir.resolve("norule"), dir.resolve("norule.html"));
        HtmlReport.write(dir.resolve("hugetau"), dir.resolve("hugetau.html"));

        String noRule = Files.readString(dir.resolve("norule.html"));
        assertTrue(noRule.contains("missing object &#39;settings.rule&#39;"), noRule);
        String hugeTau = Files.readString(dir.resolve("hugetau.html"));
        assertTrue(hugeTau.contains("localSteps 2000000000 is out of range"), hugeTau);
    }

    @Test
    void cellPathThroughLinkRejected(@TempDir Path dir) throws IOException {
        Map<String, String> files = validSweep();
        write(dir.resolve("sweep"), files);
        Path cells = dir.resolve("sweep/cells");
        Path moved = dir.resolve("elsewhere");
        Files.move(cells, moved);
        Files.createSymbolicLink(cells, moved);

        HtmlReport.write(dir.resolve("sweep"), dir.resolve("sweep/page.html"));

        String page = Files.readString(dir.resolve("sweep/page.html"));
        assertTrue(page.contains("is a link out of the sweep folder"), page);
    }

    @Test
    void stringsFromRunFilesEscaped(@TempDir Path dir) throws IOException {
        Map<String, String> files = validSweep();
        String run = "cells/xi0.50-p02/rep00/";
        files.put(run + "config.json", "{\"data\":\"<script>alert(1)</script>\","
                + "\"note\":\"a\\\" onload=\\\"x\"}");
        write(dir, files);

        HtmlReport.write(dir.resolve(run), dir.resolve("run.html"));

        String page = Files.readString(dir.resolve("run.html"));
        assertFalse(page.contains("<script"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertFalse(page.contains("a\" onload"), page);
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void check(Action action, int iteration, StringBuilder log) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            assertFalse(e.getMessage().contains("\n"), "multi-line message: " + e.getMessage());
        } catch (Exception | StackOverflowError e) {
            fail("iteration " + iteration + " (seed " + SEED + ", " + log + ") threw " + e, e);
        }
    }

    private static void write(Path base, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = base.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }

    /** Applies one random corruption to {@code file}; returns its name for the log. */
    private static String mutate(Path file, SplittableRandom random) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "nothing (already gone) for";
        }
        byte[] bytes = Files.readAllBytes(file);
        int kind = random.nextInt(7);
        switch (kind) {
            case 0 -> Files.write(file, java.util.Arrays.copyOf(bytes,
                    bytes.length == 0 ? 0 : random.nextInt(bytes.length)));
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(8) && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                Files.write(file, bytes);
            }
            case 2 -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                int at = text.isEmpty() ? 0 : random.nextInt(text.length());
                String token = TOKENS.get(random.nextInt(TOKENS.size()));
                Files.writeString(file, text.substring(0, at) + token + text.substring(at));
            }
            case 3 -> {
                List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                if (!lines.isEmpty()) {
                    lines.remove(random.nextInt(lines.size()));
                }
                Files.write(file, lines, StandardCharsets.ISO_8859_1);
            }
            case 4 -> Files.delete(file);
            case 5 -> Files.write(file, new byte[0]);
            default -> {
                Files.delete(file);
                Files.createDirectories(file);
            }
        }
        return "mutation " + kind + " of";
    }
}
