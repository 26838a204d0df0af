package org.masktrain.cli;

import java.nio.file.Path;
import org.masktrain.InvalidInputException;
import org.masktrain.ntk.EigenSolver;
import picocli.CommandLine.Option;

/** The options of {@code masktrain ntk} beyond the data and model options of {@code train}. */
final class NtkOptions {

    @Option(names = "--mask-samples", paramLabel = "N",
            description = "Also compute the masked NTKs of the first N masks that training "
                    + "would sample (rounds 0, 1, ... in sub-network order, from --seed), on the "
                    + "W_0 that training draws (default: 0).")
    int maskSamples;

    @Option(names = "--finite-width", negatable = true, fallbackValue = "true",
            description = "Also compute the finite-width NTK H(0) of the W_0 that training "
                    + "with --width, --kappa and --seed draws (default: on when --width or "
                    + "--mask-samples is given).")
    Boolean finiteWidth;

    @Option(names = "--suggest-lr",
            description = "Print the convergence theory's scale for the step size from "
                    + "lambda_0, n, p and tau, in the paper's units and as --lr for the given "
                    + "--reduction and --scaling.")
    boolean suggestLr;

    @Option(names = "--eigen-method", paramLabel = "NAME",
            description = "How extreme eigenvalues are computed: auto (exact up to "
                    + "--exact-limit samples, else iterative), exact (LAPACK, or pure-Java "
                    + "Jacobi when LAPACK does not load) or iterative (block Lanczos with "
                    + "matrix-free products) (default: auto).")
    EigenSolver.Strategy eigenMethod;

    @Option(names = "--exact-limit", paramLabel = "N",
            description = "Largest n solved exactly by --eigen-method auto; the dense matrix "
                    + "takes 8 n^2 bytes (default: " + EigenSolver.Settings.DEFAULT_EXACT_LIMIT
                    + ").")
    Integer exactLimit;

    @Option(names = "--tolerance", paramLabel = "TOL",
            description = "Relative residual ||H v - lambda v|| / |lambda| at which block "
                    + "Lanczos stops (default: " + EigenSolver.Settings.DEFAULT_TOLERANCE
                    + ").")
    Double tolerance;

    @Option(names = "--block-size", paramLabel = "B",
            description = "Vectors per matrix-free product in block Lanczos (default: "
                    + EigenSolver.Settings.DEFAULT_BLOCK_SIZE + ").")
    Integer blockSize;

    @Option(names = "--max-products", paramLabel = "N",
            description = "Most matrix-free block products block Lanczos may take; it reports "
                    + "the residual reached if it stops there (default: "
                    + EigenSolver.Settings.DEFAULT_MAX_PRODUCTS + ").")
    Integer maxProducts;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Also write the results as JSON to FILE; an existing file is "
                    + "replaced, a symbolic link is rejected.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file of option values keyed by option name; a run's "
                    + "config.json analyses that run's data and model. Options on the command "
                    + "line win.")
    Path config;

    @Option(names = {"-v", "--verbose"}, description = "Log progress on standard error.")
    boolean verbose;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    /** Checks the values that the eigen-solver settings do not check. */
    void validate() {
        if (maskSamples < 0) {
            throw new InvalidInputException("--mask-samples must be >= 0, got " + maskSamples);
        }
    }

    /** Returns the eigen-solver settings these options describe. */
    EigenSolver.Settings eigenSettings(long seed) {
        EigenSolver.Settings defaults = EigenSolver.Settings.defaults();
        return new EigenSolver.Settings(
                eigenMethod == null ? defaults.strategy() : eigenMethod,
                exactLimit == null ? defaults.exactLimit() : exactLimit,
                tolerance == null ? defaults.tolerance() : tolerance,
                blockSize == null ? defaults.blockSize() : blockSize,
                maxProducts == null ? defaults.maxProducts() : maxProducts, seed);
    }
}
