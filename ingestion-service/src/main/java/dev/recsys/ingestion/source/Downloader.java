package dev.recsys.ingestion.source;

import dev.recsys.ingestion.load.IngestionException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Downloads an archive to a temporary file, with progress and a size limit. */
public class Downloader {

    /** Called as bytes arrive; {@code total} is -1 when the server does not say. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(15))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final long maxBytes;
    private final Path directory;

    public Downloader(long maxBytes, Path directory) {
        this.maxBytes = maxBytes;
        this.directory = directory;
    }

    public Path download(String url, Progress progress) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IngestionException("location is not a valid URL: " + url);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
        Path target = null;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IngestionException("download of " + url + " failed: the server answered HTTP "
                            + response.statusCode());
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw new IngestionException("download of " + url + " refused: it is " + declared
                            + " bytes, more than the limit of " + maxBytes + " (recsys.ingestion.max-download-bytes)");
                }
                Files.createDirectories(directory);
                target = Files.createTempFile(directory, "ingestion-", ".download");
                copyWithLimit(url, body, target, declared, progress);
                Log.infof("Downloaded %s (%d bytes)", url, Files.size(target));
                return target;
            }
        } catch (HttpConnectTimeoutException | ConnectException | UnknownHostException e) {
            throw new IngestionException("cannot reach " + url + ": " + describe(e), e);
        } catch (HttpTimeoutException e) {
            throw new IngestionException("download of " + url + " timed out", e);
        } catch (IOException e) {
            deleteQuietly(target);
            throw new IngestionException("download of " + url + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(target);
            throw new IngestionException("download of " + url + " was interrupted", e);
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    private void copyWithLimit(String url, InputStream body, Path target, long declared, Progress progress)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = body.read(buffer)) >= 0) {
                done += read;
                if (done > maxBytes) {
                    throw new IngestionException("download of " + url + " stopped: it exceeded the limit of "
                            + maxBytes + " bytes (recsys.ingestion.max-download-bytes)");
                }
                out.write(buffer, 0, read);
                progress.update(done, declared);
            }
        }
        if (declared >= 0 && done != declared) {
            throw new IngestionException("download of " + url + " is truncated: got " + done + " of " + declared + " bytes");
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the connection failed" : message;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temp file is harmless; the failure that got us here matters more.
            }
        }
    }
}
