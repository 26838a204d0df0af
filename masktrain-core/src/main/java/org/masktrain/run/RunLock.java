package org.masktrain.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.masktrain.InvalidInputException;

/**
 * An exclusive lock on a run directory, held while a process writes it, so that two workers of
 * a sweep never train into or resume the same directory at once. It is an operating-system
 * lock on the hidden file {@value #FILE}, which the system releases when the process ends, even
 * by SIGKILL; the file itself stays.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file's name in a run directory. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}, which must exist.
     *
     * @throws InvalidInputException when another process (or this one) holds the lock, or the
     *     lock file is a symbolic link
     * @throws UncheckedIOException when the lock file cannot be created
     */
    public static RunLock acquire(Path directory) {
        Path file = directory.resolve(FILE);
        if (Files.isSymbolicLink(file)) {
            throw new InvalidInputException("run directory " + directory + ": " + FILE
                    + " is a symbolic link; a run directory must contain its own files");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lock file " + file, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new InvalidInputException("run directory " + directory + " is in use by "
                    + "another masktrain process; wait for it to end or stop it");
        }
        return new RunLock(channel, lock);
    }

    /** Releases the lock; the lock file stays. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: the process is giving the lock up either way.
        }
    }
}
