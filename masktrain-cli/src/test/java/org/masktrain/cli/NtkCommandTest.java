package org.masktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.masktrain.cli.CliAssertions.BAD_INPUT;
import static org.masktrain.cli.CliAssertions.assertSucceeded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code masktrain ntk}: lambda_0 of the embedded data against computations that share no code
 * with the tool, the optional kernels, the step-size scale and bad input.
 */
class NtkCommandTest {

    private static final String IMAGES_RESOURCE =
            "/org/masktrain/data/fashion-mnist-train-2000-images-idx3-ubyte.gz";
    private static final Pattern LAMBDA_ZERO = Pattern.compile(
            "lambda_0 = lambda_min\\(Hinf\\) = (\\S+)");
    /** The default keep probability of Bernoulli masks, which scales the kernel. */
    private static final double XI = 0.5;

    /**
     * NumPy computes the closed form and its smallest eigenvalue (LAPACK {@code syevd} through
     * {@code numpy.linalg.eigvalsh}) from the gzip IDX file itself; skipped without NumPy.
     */
    @Test
    void lambdaZeroMatchesNumpy(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        ExternalTools.require(Files.isExecutable(python), "no /usr/bin/python3");
        ExternalTools.require(numpyImports(python), "NumPy is not installed");
        Path images = copyEmbeddedImages(dir);
        int n = 1000;
        String script = String.join("\n",
                "import gzip, struct, sys, numpy as np",
                "raw = gzip.open(sys.argv[1]).read()",
                "count, rows, cols = struct.unpack('>III', raw[4:16])",
                "n = int(sys.argv[2])",
                "x = np.frombuffer(raw[16:16 + n * rows * cols], dtype=np.uint8)",
                "x = x.reshape(n, rows * cols).astype(np.float64)",
                "x /= np.linalg.norm(x, axis=1, keepdims=True)",
                "g = x @ x.T",
                "norms = np.sqrt(np.diag(g))",
                "c = np.clip(g / np.outer(norms, norms), -1.0, 1.0)",
                "np.fill_diagonal(c, 1.0)",
                "h = float(sys.argv[3]) * g * (np.pi - np.arccos(c)) / (2 * np.pi)",
                "print(repr(float(np.linalg.eigvalsh(h)[0])))");
        Path scriptFile = Files.writeString(dir.resolve("closed_form.py"), script);
        String output = run(List.of(python.toString(), scriptFile.toString(), images.toString(),
                String.valueOf(n), String.valueOf(XI)));
        double expected = Double.parseDouble(output.trim());

        Cli.Result result = Cli.run("ntk", "--samples", String.valueOf(n), "--test-fraction",
                "0");

        assertSucceeded(result);
        double lambda0 = lambdaZero(result);
        assertEquals(expected, lambda0, 1e-9 * expected, "lambda_0 against NumPy");
    }

    /** A Jacobi iteration written here, on the closed form computed here with Math.acos. */
    @Test
    void lambdaZeroMatchesJacobiInTest() throws IOException {
        int n = 150;
        double[][] x = embeddedUnitRows(n);
        double[] kernel = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rho = 0.0;
                for (int k = 0; k < x[i].length; k++) {
                    rho += x[i][k] * x[j][k];
                }
                double cosine = i == j ? 1.0 : Math.max(-1.0, Math.min(1.0, rho));
                kernel[i * n + j] = XI * rho * (Math.PI - Math.acos(cosine)) / (2 * Math.PI);
            }
        }
        double expected = smallestByJacobi(kernel, n);

        Cli.Result result = Cli.run("ntk", "--samples", String.valueOf(n), "--test-fraction",
                "0");

        assertSucceeded(result);
        assertEquals(expected, lambdaZero(result), 1e-9 * expected, "lambda_0 against Jacobi");
    }

    @Test
    void identicalRowsWarnSingularKernel(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("identical.csv");
        Files.writeString(csv, "0.5,0.25,0.125,1\n".repeat(12));

        Cli.Result result = Cli.run("ntk", "--data", csv.toString());

        assertSucceeded(result);
        assertTrue(result.err().contains("singular"), result::describe);
        assertTrue(result.err().contains("--drop-duplicates"), result::describe);
    }

    @Test
    void iterativeMethodMatchesExact() {
        String[] common = {"ntk", "--samples", "300", "--test-fraction", "0"};
        Cli.Result exact = Cli.run(common);
        Cli.Result iterative = Cli.run(concat(common, "--eigen-method", "iterative",
                "--block-size", "16"));

        assertSucceeded(exact);
        assertSucceeded(iterative);
        assertTrue(exact.out().contains("exact (LAPACK dsytrd + dstemr)"), exact::describe);
        assertTrue(iterative.out().contains("iterative (block Lanczos)"), iterative::describe);
        assertEquals(lambdaZero(exact), lambdaZero(iterative), 1e-8 * lambdaZero(exact),
                "lambda_0 of the two methods");
    }

    @Test
    void widthAndMasksAddKernels(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("ntk.json");
        Cli.Result result = Cli.run("ntk", "--samples", "100", "--test-fraction", "0",
                "--width", "50", "--mask-samples", "3", "--subnets", "2", "--out",
                json.toString());

        assertSucceeded(result);
        for (String row : List.of("Hinf ", "H(0) ", "mask 1 ", "mask 2 ", "mask 3 ")) {
            assertTrue(result.out().lines().anyMatch(line -> line.startsWith(row)),
                    () -> "no row '" + row + "'\n" + result.describe());
        }
        assertTrue(result.out().contains("round 1, sub-network 0"), result::describe);

        JsonNode document = new ObjectMapper().readTree(json.toFile());
        JsonNode kernels = document.get("kernels");
        assertEquals(5, kernels.size(), "kernels in the JSON file");
        assertEquals(lambdaZero(result), document.get("lambda0").asDouble(), 0.0, "lambda0");
        assertTrue(kernels.get(0).get("spectral_distance").isNull(), "Hinf has no distance");
        for (int k = 1; k < 5; k++) {
            JsonNode kernel = kernels.get(k);
            assertTrue(kernel.get("spectral_distance").asDouble() > 0, "spectral " + kernel);
            assertTrue(kernel.get("frobenius_distance").asDouble()
                    >= kernel.get("spectral_distance").asDouble() * (1 - 1e-12),
                    "the Frobenius norm bounds the spectral norm: " + kernel);
            assertEquals("lapack", kernel.get("method").asText(), "method");
        }
    }

    /** With sum reduction and paper scaling the scale is lambda_0 / (max(n, p) n tau) as is. */
    @Test
    void suggestLrPrintsTheoryScale(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("ntk.json");
        Cli.Result result = Cli.run("ntk", "--samples", "100", "--test-fraction", "0",
                "--suggest-lr", "--subnets", "4", "--local-steps", "5", "--reduction", "sum",
                "--out", json.toString());

        assertSucceeded(result);
        assertTrue(result.out().contains("theory's scale lambda_0 / (max(n, p) n tau) = "),
                result::describe);
        assertTrue(result.out().contains("as --lr for sum reduction and paper scaling"),
                result::describe);
        JsonNode theory = new ObjectMapper().readTree(json.toFile()).get("theory");
        double expected = lambdaZero(result) / (100.0 * 100.0 * 5);
        assertEquals(expected, theory.get("step_size_scale_paper_units").asDouble(),
                1e-12 * expected, "scale in paper units");
        assertEquals(expected, theory.get("step_size_scale_lr_units").asDouble(),
                1e-12 * expected, "scale as --lr");
    }

    /** Mean reduction multiplies the scale by n when it is given as --lr. */
    @Test
    void suggestLrConvertsForMeanReduction(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("ntk.json");
        Cli.Result result = Cli.run("ntk", "--samples", "100", "--test-fraction", "0",
                "--suggest-lr", "--out", json.toString());

        assertSucceeded(result);
        JsonNode theory = new ObjectMapper().readTree(json.toFile()).get("theory");
        assertEquals(100.0 * theory.get("step_size_scale_paper_units").asDouble(),
                theory.get("step_size_scale_lr_units").asDouble(), 1e-20, "n times the scale");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--mask-samples=-1", "--tolerance=0", "--tolerance=NaN",
        "--block-size=0", "--eigen-method=fast", "--exact-limit=0"})
    void badOptionIsRejected(String option) {
        Cli.Result result = Cli.run("ntk", "--samples", "50", option);

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertEquals(1, result.errLines().size(), result::describe);
        assertTrue(result.err().startsWith("masktrain: "), result::describe);
        String name = option.substring(0, option.indexOf('='));
        assertTrue(result.err().contains(name), result::describe);
    }

    @Test
    void outDirectoryIsRejected(@TempDir Path dir) {
        Cli.Result result = Cli.run("ntk", "--samples", "50", "--out", dir.toString());

        assertEquals(BAD_INPUT, result.status(), result::describe);
        assertTrue(result.err().contains("is a directory"), result::describe);
        assertEquals("", result.out(), result::describe);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--data", "--samples", "--width", "--seed", "--mask-samples",
        "--suggest-lr", "--eigen-method", "--exact-limit", "--tolerance", "--out"})
    void helpListsOption(String option) {
        Cli.Result result = Cli.run("ntk", "--help");

        assertEquals(0, result.status(), result::describe);
        assertTrue(result.out().contains(option), result::describe);
    }

    private static double lambdaZero(Cli.Result result) {
        Matcher matcher = LAMBDA_ZERO.matcher(result.out());
        assertTrue(matcher.find(), result::describe);
        return Double.parseDouble(matcher.group(1));
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static Path copyEmbeddedImages(Path dir) throws IOException {
        Path target = dir.resolve("images.gz");
        try (InputStream in = NtkCommandTest.class.getResourceAsStream(IMAGES_RESOURCE)) {
            assertNotNull(in, "resource " + IMAGES_RESOURCE);
            Files.copy(in, target);
        }
        return target;
    }

    /** Reads the first n embedded images from the gzip IDX resource as unit rows. */
    private static double[][] embeddedUnitRows(int n) throws IOException {
        byte[] raw;
        try (InputStream in = new java.util.zip.GZIPInputStream(
                NtkCommandTest.class.getResourceAsStream(IMAGES_RESOURCE))) {
            raw = in.readAllBytes();
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(raw, 0, 16);
        header.getInt();
        header.getInt();
        int d = header.getInt() * header.getInt();
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double norm = 0.0;
            for (int k = 0; k < d; k++) {
                x[i][k] = raw[16 + i * d + k] & 0xFF;
                norm += x[i][k] * x[i][k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                x[i][k] /= norm;
            }
        }
        return x;
    }

    /**
     * Returns the smallest eigenvalue of a symmetric matrix by cyclic Jacobi sweeps that
     * rotate every off-diagonal pair to zero until the off-diagonal mass vanishes.
     */
    private static double smallestByJacobi(double[] matrix, int n) {
        double[] a = matrix.clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0.0;
            double total = 0.0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += a[i * n + j] * a[i * n + j];
                    if (i != j) {
                        off += a[i * n + j] * a[i * n + j];
                    }
                }
            }
            if (off <= 1e-30 * total) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (apq == 0.0) {
                        continue;
                    }
                    double phi = 0.5 * Math.atan2(2 * apq, a[q * n + q] - a[p * n + p]);
                    double c = Math.cos(phi);
                    double s = Math.sin(phi);
                    for (int k = 0; k < n; k++) {
                        double akp = a[k * n + p];
                        double akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p * n + k];
                        double aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            smallest = Math.min(smallest, a[i * n + i]);
        }
        return smallest;
    }

    private static boolean numpyImports(Path python) {
        try {
            Process process = new ProcessBuilder(python.toString(), "-c", "import numpy")
                    .redirectErrorStream(true).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        assertEquals(0, process.exitValue(), () -> command + " failed:\n" + output);
        return output;
    }
}
