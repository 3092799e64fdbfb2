package dev.recsys.ingestion.source;

import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.platform.job.JobCancelledException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Downloads an archive to a temporary file, with progress, a size limit, a connect timeout, an
 * idle-read timeout and an overall deadline; every hop of a redirect is checked against the
 * {@link SourcePolicy}. The file is deleted on every outcome but success (and the caller deletes it
 * after the load).
 */
public class Downloader {

    /** Called as bytes arrive; {@code total} is -1 when the server does not say. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    /** Limits of one download. */
    public record Limits(long maxBytes, Duration connectTimeout, Duration idleTimeout, Duration deadline) {
    }

    static final String FILE_PREFIX = "ingestion-";
    static final String FILE_SUFFIX = ".download";
    private static final int MAX_REDIRECTS = 5;

    private final Limits limits;
    private final Path directory;
    private final SourcePolicy policy;

    public Downloader(Limits limits, Path directory, SourcePolicy policy) {
        this.limits = limits;
        this.directory = directory;
        this.policy = policy;
    }

    /** Deletes downloads left behind by a process that died while downloading; returns how many. */
    public static int deleteLeftovers(Path directory) {
        int deleted = 0;
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILE_PREFIX + "*" + FILE_SUFFIX)) {
            for (Path file : files) {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            Log.warnf("Could not clean old downloads in %s: %s", directory, e.getMessage());
        }
        return deleted;
    }

    public Path download(String url, Progress progress, BooleanSupplier cancelled) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IngestionException("location is not a valid URL: " + url);
        }
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        Path target = null;
        boolean kept = false;
        try {
            for (int hop = 0; ; hop++) {
                policy.checkUrl(uri);
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
                connection.setInstanceFollowRedirects(false);
                connection.setConnectTimeout((int) limits.connectTimeout().toMillis());
                connection.setReadTimeout((int) limits.idleTimeout().toMillis());
                try {
                    int status = connection.getResponseCode();
                    String location = connection.getHeaderField("Location");
                    if (status >= 300 && status < 400 && location != null) {
                        if (hop == MAX_REDIRECTS) {
                            throw new IngestionException("download of " + url + " failed: more than " + MAX_REDIRECTS
                                    + " redirects");
                        }
                        uri = uri.resolve(location);
                        continue;
                    }
                    if (status != 200) {
                        throw new IngestionException("download of " + url + " failed: the server answered HTTP " + status);
                    }
                    long declared = connection.getContentLengthLong();
                    if (declared > limits.maxBytes()) {
                        throw new IngestionException("download of " + url + " refused: it is " + declared
                                + " bytes, more than the limit of " + limits.maxBytes()
                                + " (recsys.ingestion.max-download-bytes)");
                    }
                    Files.createDirectories(directory);
                    target = Files.createTempFile(directory, FILE_PREFIX, FILE_SUFFIX);
                    try (InputStream body = connection.getInputStream()) {
                        copy(url, body, target, declared, progress, cancelled, deadline);
                    }
                    Log.infof("Downloaded %s (%d bytes)", url, Files.size(target));
                    kept = true;
                    return target;
                } finally {
                    connection.disconnect();
                }
            }
        } catch (IOException e) {
            // Refused, reset, unreachable, timed out while connecting: one message, so that an
            // error never tells which ports of a host are open.
            throw new IngestionException("cannot reach " + url + ": the connection failed", e);
        } finally {
            if (!kept) {
                deleteQuietly(target);
            }
        }
    }

    private void copy(String url, InputStream body, Path target, long declared, Progress progress,
                      BooleanSupplier cancelled, long deadline) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = readOrIdle(url, body, buffer)) >= 0) {
                done += read;
                if (done > limits.maxBytes()) {
                    throw new IngestionException("download of " + url + " stopped: it exceeded the limit of "
                            + limits.maxBytes() + " bytes (recsys.ingestion.max-download-bytes)");
                }
                if (System.nanoTime() > deadline) {
                    throw new IngestionException("download of " + url + " stopped: it took longer than "
                            + limits.deadline().toSeconds() + " s (recsys.ingestion.download-deadline)");
                }
                if (cancelled.getAsBoolean()) {
                    throw new JobCancelledException();
                }
                out.write(buffer, 0, read);
                progress.update(done, declared);
            }
        }
        if (declared >= 0 && done != declared) {
            throw new IngestionException("download of " + url + " is truncated: got " + done + " of " + declared + " bytes");
        }
    }

    private int readOrIdle(String url, InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new IngestionException("download of " + url + " stopped: no data for "
                    + limits.idleTimeout().toSeconds() + " s (recsys.ingestion.download-idle-timeout)", e);
        } catch (IOException e) {
            throw new IngestionException("download of " + url + " failed: the connection broke", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                Log.warnf("Could not delete the partial download %s: %s", file, e.getMessage());
            }
        }
    }
}
