package dev.recsys.ingestion.source;

import dev.recsys.ingestion.load.IngestionException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * One input file, wherever it lives. {@code name} is what loaders match on (the base name,
 * without a {@code .gz} suffix); {@code displayName} is what errors show the user; {@code size}
 * is the number of raw bytes that {@link #open} reports through its progress callback.
 */
public record SourceFile(String name, String displayName, long size, boolean gzipped, RawOpener rawOpener,
                         long packedSize, int maxExpansion) {

    private static final int BUFFER = 1 << 16;

    /** Opens the stored bytes (still gzipped if the file is). */
    @FunctionalInterface
    public interface RawOpener {
        InputStream open() throws IOException;
    }

    /** A file stored as is (no limit on expansion). */
    public SourceFile(String name, String displayName, long size, boolean gzipped, RawOpener rawOpener) {
        this(name, displayName, size, gzipped, rawOpener, 0, 0);
    }

    /**
     * Opens the file's content, reporting raw bytes read to {@code progress}. A compressed file
     * ({@code packedSize} bytes stored) may expand at most {@code maxExpansion} times: a zip bomb
     * fails with the ratio instead of filling disks and hours.
     */
    public InputStream open(LongConsumer progress) throws IOException {
        InputStream raw = new CountingInputStream(rawOpener.open(), progress);
        InputStream content = gzipped ? new GZIPInputStream(raw, BUFFER) : new BufferedInputStream(raw, BUFFER);
        return packedSize > 0 && maxExpansion > 0 ? new ByteLimit(content, expansionLimit(packedSize, maxExpansion),
                () -> expansionRefused(displayName(), packedSize, maxExpansion, "")) : content;
    }

    /** The most bytes {@code packedSize} compressed bytes may expand to: {@code maxExpansion} times, and 1 MiB at least. */
    static long expansionLimit(long packedSize, int maxExpansion) {
        return Math.max(1L << 20, packedSize * maxExpansion);
    }

    static IngestionException expansionRefused(String displayName, long packedSize, int maxExpansion, String detail) {
        return new IngestionException(displayName + " expands to more than " + maxExpansion + " times its compressed size of "
                + packedSize + " bytes (recsys.ingestion.max-expansion-ratio): refused as a likely zip bomb" + detail);
    }

    public InputStream open() throws IOException {
        return open(bytes -> { });
    }

    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer progress;

        CountingInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                progress.accept(read);
            }
            return read;
        }
    }
}
