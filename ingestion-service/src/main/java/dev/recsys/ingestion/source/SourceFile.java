package dev.recsys.ingestion.source;

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
public record SourceFile(String name, String displayName, long size, boolean gzipped, RawOpener rawOpener) {

    private static final int BUFFER = 1 << 16;

    /** Opens the stored bytes (still gzipped if the file is). */
    @FunctionalInterface
    public interface RawOpener {
        InputStream open() throws IOException;
    }

    /** Opens the file's content, reporting raw bytes read to {@code progress}. */
    public InputStream open(LongConsumer progress) throws IOException {
        InputStream raw = new CountingInputStream(rawOpener.open(), progress);
        return gzipped ? new GZIPInputStream(raw, BUFFER) : new BufferedInputStream(raw, BUFFER);
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
