package org.masktrain.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Checks which kernel each choice creates. */
class KernelChoiceTest {

    /** A native build ships for linux-x86_64, so AUTO must not fall back to Java there. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void autoUsesOpenblasOnLinuxX86() {
        assertEquals("openblas", KernelChoice.AUTO.create().name());
    }

    @Test
    void javaChoiceCreatesJavaKernel() {
        assertEquals("java", KernelChoice.JAVA.create().name());
    }

    @Test
    void labelsAreLowerCase() {
        assertEquals("auto", KernelChoice.AUTO.label(), "AUTO");
        assertEquals("openblas", KernelChoice.OPENBLAS.label(), "OPENBLAS");
        assertEquals("java", KernelChoice.JAVA.label(), "JAVA");
    }
}
