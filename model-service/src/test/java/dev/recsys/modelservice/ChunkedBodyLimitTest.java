package dev.recsys.modelservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A chunked body (no Content-Length, so nothing to refuse up front) that grows past
 * {@code quarkus.http.limits.max-body-size}: answered 413 as problem+json once the limit is
 * crossed, and nothing is logged as an error (the HTTP layer's own 413 was followed by a second
 * answer to the same request, logged as "Response has already been written").
 */
@QuarkusTest
@QuarkusTestResource(value = NoModelTest.EmptyRegistry.class, restrictToAnnotatedClass = true)
class ChunkedBodyLimitTest {

    private static final int LIMIT = 10 * 1024 * 1024;

    @TestHTTPResource("/")
    URI root;

    /** Every record at WARN or above while it is installed. */
    private static final class Captured extends Handler {
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                records.add(record);
            }
        }

        synchronized List<String> describe() {
            List<String> lines = new ArrayList<>();
            for (LogRecord r : records) {
                String message = r.getMessage();
                if (r.getParameters() != null && message != null && message.contains("%")) {
                    try {
                        message = String.format(message, r.getParameters());
                    } catch (RuntimeException ignored) {
                        // keep the raw message
                    }
                }
                lines.add(r.getLevel() + " " + r.getLoggerName() + ": " + message
                        + (r.getThrown() == null ? "" : " / " + r.getThrown()));
            }
            return lines;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Sends an 11 MB JSON object in 64 KB chunks and returns the raw response (the server may stop reading early). */
    private String postChunked(String path, int bytes) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // {"userId": 1, "movieIds": [1,1,1,...,1]}: valid JSON all along, so nothing refuses it before its end.
            byte[] head = "{\"userId\": 1, \"movieIds\": [".getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < chunk.length; i += 2) {
                chunk[i] = '1';
                chunk[i + 1] = ',';
            }
            try {
                out.write((Integer.toHexString(head.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(head);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int sent = head.length; sent < bytes; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("3\r\n1]}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // The server answered and closed the connection before the whole body was sent.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    response.write(buffer, 0, n);
                    String text = response.toString(StandardCharsets.UTF_8);
                    int headersEnd = text.indexOf("\r\n\r\n");
                    if (headersEnd > 0 && text.contains("\"status\"") && text.trim().endsWith("}")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // connection reset after the answer: what was read is the answer
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAsProblemJsonWithoutAnErrorLogged() throws Exception {
        Captured captured = new Captured();
        Logger rootLogger = Logger.getLogger("");
        rootLogger.addHandler(captured);
        try {
            for (String path : List.of("/api/v1/predictions", "/api/v1/predictions/new-movie")) {
                String response = postChunked(path, 11 * 1024 * 1024);
                assertTrue(response.startsWith("HTTP/1.1 413"), path + ": " + response);
                String lower = response.toLowerCase(Locale.ROOT);
                assertTrue(lower.contains("content-type: application/problem+json"), response);
                assertTrue(response.contains("\"status\":413"), response);
                assertTrue(response.contains("the request body is larger than the " + LIMIT + " bytes this service accepts"),
                        response);
            }
            Thread.sleep(500);   // a second answer to the same request would be logged just after the first
        } finally {
            rootLogger.removeHandler(captured);
        }
        List<String> logged = captured.describe();
        assertEquals(List.of(), logged.stream().filter(l -> l.contains("already been written") || l.startsWith("SEVERE")
                || l.startsWith("ERROR")).toList(), "errors logged: " + logged);
    }
}
