package org.masktrain.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private long fileCount() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void writeStringCreatesAndReplaces() throws IOException {
        Path target = dir.resolve("out.json");

        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second é");

        assertEquals("second é", Files.readString(target));
        assertEquals(1, fileCount());
    }

    @Test
    void failingBodyKeepsOldContent() throws IOException {
        Path target = dir.resolve("out.csv");
        AtomicFiles.writeString(target, "old");

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));

        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(1, fileCount(), "the temporary file must be deleted");
    }

    @Test
    void bodyMayCloseStream() throws IOException {
        Path target = dir.resolve("closed.txt");

        AtomicFiles.write(target, out -> {
            out.write('a');
            out.close();
        });

        assertEquals("a", Files.readString(target));
    }

    @Test
    void missingDirectoryFails() {
        Path target = dir.resolve("no-such-dir").resolve("x.txt");

        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x"));
    }
}
