package org.masktrain.io;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader sees either the previous content or the complete new content,
 * never a partial file.
 *
 * <p>Each write goes to a hidden temporary file in the target's directory, is flushed to disk,
 * and is then renamed over the target. The directory is flushed to disk after the rename where
 * the platform allows it. On file systems without atomic rename the file is moved with a plain
 * replacing move, which is still never partial on local disks but may briefly leave no file at
 * the target. When the body throws, the temporary file is deleted and the target is
 * left untouched. The parent directory must already exist.
 */
public final class AtomicFiles {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_NAME_ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} as UTF-8 to {@code target}, replacing any existing file.
     *
     * @param target the file to create or replace
     * @param content the text to write
     * @throws IOException when the temporary file cannot be written or renamed
     */
    public static void writeString(Path target, String content) throws IOException {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code content} to {@code target}, replacing any existing file.
     *
     * @param target the file to create or replace
     * @param content the bytes to write; not modified
     * @throws IOException when the temporary file cannot be written or renamed
     */
    public static void writeBytes(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /**
     * Runs {@code body} on a buffered stream to a temporary file and renames that file to
     * {@code target} once the body returns normally.
     *
     * <p>The body must not keep the stream after it returns. Closing the stream inside the body
     * is allowed and has no effect; this method closes it.
     *
     * @param target the file to create or replace
     * @param body writes the whole content to the stream it receives
     * @throws IOException when the body or the file system fails; the target is then unchanged
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = createTemporary(directory, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileOutputStream file = new FileOutputStream(temporary.toFile());
                    BufferedOutputStream buffered = new BufferedOutputStream(file, BUFFER_BYTES)) {
                body.accept(new UnclosableStream(buffered));
                buffered.flush();
                file.getFD().sync();
            }
            moveIntoPlace(temporary, absolute);
            moved = true;
            syncDirectory(directory);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static Path createTemporary(Path directory, String fileName) throws IOException {
        for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path candidate = directory.resolve("." + fileName + "." + suffix + ".tmp");
            try {
                // CREATE_NEW applies the process umask, unlike Files.createTempFile (mode 0600).
                Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW).close();
                return candidate;
            } catch (FileAlreadyExistsException e) {
                // Name clash with another writer: draw another suffix.
            }
        }
        throw new IOException("could not create a temporary file next to " + fileName + " in "
                + directory + " after " + MAX_NAME_ATTEMPTS + " attempts");
    }

    /**
     * Forces the directory entry of the rename to disk, so the new file survives a power
     * failure. Skipped where a directory cannot be opened for reading (Windows).
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The file itself is already on disk; only the rename's durability is at stake.
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Passes writes through and ignores {@code close()}, so a body cannot close the file early. */
    private static final class UnclosableStream extends FilterOutputStream {

        UnclosableStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
