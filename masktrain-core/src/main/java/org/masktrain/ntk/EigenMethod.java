package org.masktrain.ntk;

import java.util.Locale;

/** The method that computed extreme eigenvalues. */
public enum EigenMethod {
    /** Exact: LAPACK tridiagonal reduction and MRRR from the bundled OpenBLAS build. */
    LAPACK("exact (LAPACK dsytrd + dstemr)"),
    /** Exact: cyclic Jacobi rotations in pure Java, used when LAPACK does not load. */
    JACOBI("exact (pure-Java Jacobi)"),
    /** Iterative: block Lanczos with full reorthogonalization and matrix-free products. */
    LANCZOS("iterative (block Lanczos)");

    private final String description;

    EigenMethod(String description) {
        this.description = description;
    }

    /** Returns a short description for tables, such as {@code exact (pure-Java Jacobi)}. */
    public String description() {
        return description;
    }

    /** Returns the lower-case name used in JSON output. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
