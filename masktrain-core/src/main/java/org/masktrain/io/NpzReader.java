package org.masktrain.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.masktrain.InvalidInputException;

/**
 * Reads NumPy {@code .npz} archives: zip files (stored or deflated) whose entries are
 * {@code .npy} arrays. An entry {@code name.npy} is read under the key {@code name}.
 *
 * <p>Instances hold the archive open until {@link #close()}; they are not thread-safe.
 */
public final class NpzReader implements Closeable {

    private static final int BUFFER_BYTES = 1 << 16;
    /**
     * The largest expansion deflate can achieve: a length/distance pair of at least two bits
     * gives at most 258 bytes, so 1032:1 ("zlib Technical Details", zlib.net/zlib_tech.html).
     */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final long DEFLATE_SLACK_BYTES = 1024;

    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries;

    private NpzReader(Path file, ZipFile zip, Map<String, ZipEntry> entries) {
        this.file = file;
        this.zip = zip;
        this.entries = entries;
    }

    /**
     * Opens an archive and lists its arrays.
     *
     * @param file the {@code .npz} file
     * @return an open reader
     * @throws InvalidInputException when the file is not a valid zip archive
     * @throws IOException when the file cannot be opened
     */
    public static NpzReader open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            // ZipFile raises IllegalArgumentException for entry names that are not UTF-8.
            throw new InvalidInputException(file + ": not a valid .npz archive (zip file): "
                    + e.getMessage());
        }
        try {
            Map<String, ZipEntry> entries = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4)
                        : name;
                entries.putIfAbsent(key, entry);
            }
            return new NpzReader(file, zip, entries);
        } catch (IllegalArgumentException e) {
            zip.close();
            throw new InvalidInputException(file + ": not a valid .npz archive (zip file): "
                    + e.getMessage());
        }
    }

    /** Returns the keys of the archive's arrays, in archive order. */
    public List<String> keys() {
        return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
    }

    /** Returns whether the archive has an array under {@code key}. */
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /**
     * Reads the whole array stored under {@code key}.
     *
     * @param key the array's name, without the {@code .npy} suffix
     * @return the array in C order
     * @throws InvalidInputException when the key is missing or the entry is not a valid array
     * @throws IOException when reading fails
     */
    public NpyArray read(String key) throws IOException {
        return read(key, Long.MAX_VALUE);
    }

    /**
     * Reads at most the first {@code maxRows} entries along the first axis of the array stored
     * under {@code key}.
     *
     * @param key the array's name, without the {@code .npy} suffix
     * @param maxRows the maximum number of rows to load, at least 1
     * @return the loaded rows in C order
     * @throws InvalidInputException when the key is missing or the entry is not a valid array
     * @throws IOException when reading fails
     */
    public NpyArray read(String key, long maxRows) throws IOException {
        ZipEntry entry = entries.get(key);
        if (entry == null) {
            throw new InvalidInputException(file + ": no array '" + key + "' in the archive; it "
                    + "contains " + keys());
        }
        String source = file + "[" + entry.getName() + "]";
        checkClaimedSize(source, entry);
        try (InputStream raw = zip.getInputStream(entry)) {
            long size = entry.getSize();
            InputStream in = new BufferedInputStream(raw, BUFFER_BYTES);
            if (size < 0) {
                // NOTE: the central directory always records sizes in archives written by NumPy
                // and java.util.zip; an entry without one is buffered, up to 2 GiB.
                byte[] content = in.readNBytes((int) NpyReader.MAX_ARRAY_LENGTH);
                in = new ByteArrayInputStream(content);
                size = content.length;
            }
            return NpyReader.read(in, source, size, maxRows);
        } catch (ZipException e) {
            throw new InvalidInputException(source + ": corrupt compressed data: "
                    + e.getMessage());
        } catch (EOFException e) {
            throw new InvalidInputException(source + ": truncated compressed data: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": invalid zip entry: " + e.getMessage());
        }
    }

    /**
     * Rejects an entry whose recorded uncompressed size its compressed data cannot reach:
     * deflate expands at most {@value #MAX_DEFLATE_RATIO} times, and a stored entry not at
     * all. The reader trusts the recorded size to bound what it allocates, so a forged size
     * (a zip bomb's claim) must fail here.
     */
    private static void checkClaimedSize(String source, ZipEntry entry) {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
            return;
        }
        long reachable = entry.getMethod() == ZipEntry.STORED ? compressed
                : compressed > (Long.MAX_VALUE - DEFLATE_SLACK_BYTES) / MAX_DEFLATE_RATIO
                        ? Long.MAX_VALUE : compressed * MAX_DEFLATE_RATIO + DEFLATE_SLACK_BYTES;
        if (size > reachable) {
            throw new InvalidInputException(source + ": the archive records " + size
                    + " uncompressed bytes for " + compressed + " compressed ones, more than "
                    + "the compression can produce; the archive is damaged or forged");
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
