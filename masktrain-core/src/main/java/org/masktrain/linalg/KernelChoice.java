package org.masktrain.linalg;

import java.util.Locale;
import org.masktrain.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Choice of the {@link MatrixKernel} a run uses. {@link #AUTO} takes native OpenBLAS, the
 * fastest route measured on x86-64, and falls back to pure Java with a warning when the native
 * library does not load.
 */
public enum KernelChoice {
    AUTO,
    OPENBLAS,
    JAVA;

    private static final Logger LOG = LoggerFactory.getLogger(KernelChoice.class);

    /** Returns the kernel for this choice, loading native code on first use. */
    public MatrixKernel create() {
        switch (this) {
            case JAVA:
                return new JavaKernel();
            case OPENBLAS:
                try {
                    return OpenBlasKernel.load();
                } catch (LinkageError e) {
                    throw new InvalidInputException("--kernel openblas: the native OpenBLAS "
                            + "library failed to load (" + e.getMessage()
                            + "); use --kernel java or --kernel auto");
                }
            default:
                try {
                    return OpenBlasKernel.load();
                } catch (LinkageError e) {
                    LOG.warn("native OpenBLAS failed to load ({}); using the pure-Java kernel",
                            e.toString());
                    return new JavaKernel();
                }
        }
    }

    /** Returns the lower-case name used on the command line and in run outputs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
