package dev.recsys.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A constant-rate load of {@code GET /api/v1/users/{id}/recommendations} over a realistic user mix:
 * each request's user is drawn with probability proportional to the user's number of ratings, so
 * the heaviest users are asked for most. Latency is measured from when a request was due, not when
 * it was sent, so a stalled server cannot hide its queue (no coordinated omission). Prints a line
 * per minute and a summary, with the service's resident memory over the run.
 *
 * <pre>
 * ConstantRateLoad JDBC_URL BASE_URL REQUESTS_PER_SECOND SECONDS SERVICE_PID [LIMIT]
 * </pre>
 */
public final class ConstantRateLoad {

    /** Added to every request's query (-Dload.query, e.g. "&diversity=0.5"). */
    private static final String EXTRA_QUERY = System.getProperty("load.query", "");

    /** Concurrent keep-alive connections (-Dload.connections): how many clients can wait at once. */
    private static final int CONNECTIONS = Integer.getInteger("load.connections", 32);

    private ConstantRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String baseUrl = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long pid = Long.parseLong(args[4]);
        int limit = args.length > 5 ? Integer.parseInt(args[5]) : 10;

        UserMix users = UserMix.read(jdbcUrl);
        System.out.printf("%d users; the heaviest has %d ratings (asked for %.2f %% of requests)%n",
                users.ids.length, users.heaviestRatings, 100.0 * users.heaviestRatings / users.totalRatings);
        URI base = URI.create(baseUrl);
        int total = rate * seconds;
        long[] latencyMicros = new long[total];
        Arrays.fill(latencyMicros, -1);
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicLongArray done = new AtomicLongArray(1);
        long start = System.nanoTime() + 100_000_000L;
        long interval = 1_000_000_000L / rate;
        // Keep-alive connections, each on its own thread, take the next due request in turn; a
        // request that finds every connection busy waits, and that wait counts in its latency.
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            SplittableRandom random = new SplittableRandom(7 + t);
            Thread worker = new Thread(() -> {
                Connection connection = null;
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String path = "/api/v1/users/" + users.draw(random) + "/recommendations?limit=" + limit + EXTRA_QUERY;
                    int status;
                    try {
                        if (connection == null) {
                            connection = new Connection(base.getHost(), base.getPort());
                        }
                        status = connection.get(path);
                    } catch (IOException e) {
                        status = -1;
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                    latencyMicros[i] = (System.nanoTime() - due) / 1_000;
                    if (status != 200 && errors.incrementAndGet() <= 3) {
                        System.out.println("error: " + (status < 0 ? "connection failed" : "HTTP " + status));
                    }
                    done.incrementAndGet(0);
                }
                if (connection != null) {
                    connection.close();
                }
            }, "load-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        long[] rssKb = new long[seconds / 10 + 2];
        int rssSamples = 0;
        for (int second = 1; second <= seconds; second++) {
            long wait = start + second * 1_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            if (second % 10 == 0 || second == 1) {
                rssKb[rssSamples++] = rss(pid);
            }
            if (second % 60 == 0) {
                report("minute " + second / 60, latencyMicros, (second - 60) * rate, second * rate, errors.get());
            }
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (done.get(0) < total && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("== %d requests in %.1f s (%.0f req/s asked: %d), %d errors, %d unanswered%n",
                total, elapsed, total / elapsed, rate, errors.get(), total - done.get(0));
        report("all", latencyMicros, 0, total, errors.get());
        if (Boolean.getBoolean("load.perSecond")) {
            // A timeline, for runs that change something mid-way (a database frozen and thawed, say).
            for (int second = 0; second < seconds; second++) {
                report("second " + (second + 1), latencyMicros, second * rate, (second + 1) * rate, errors.get());
            }
        }
        long first = rssKb[0];
        long last = rssKb[rssSamples - 1];
        long max = Arrays.stream(rssKb, 0, rssSamples).max().orElse(0);
        long min = Arrays.stream(rssKb, 0, rssSamples).min().orElse(0);
        System.out.printf("RSS of pid %d: first %d MB, last %d MB, min %d MB, max %d MB (last vs first %+.1f %%)%n",
                pid, first / 1024, last / 1024, min / 1024, max / 1024, 100.0 * (last - first) / first);
    }

    private static void report(String label, long[] latencyMicros, int from, int to, int errors) {
        long[] window = Arrays.stream(latencyMicros, from, to).filter(v -> v >= 0).sorted().toArray();
        if (window.length == 0) {
            System.out.println(label + ": no answers");
            return;
        }
        System.out.printf("%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms (errors so far %d)%n",
                label, pct(window, 0.5), pct(window, 0.9), pct(window, 0.99), pct(window, 0.999),
                window[window.length - 1] / 1000.0, errors);
    }

    /** One keep-alive HTTP/1.1 connection: GET a path, read the whole answer, return its status. */
    private static final class Connection {
        private final java.net.Socket socket;
        private final java.io.BufferedInputStream in;
        private final java.io.OutputStream out;
        private final String host;

        Connection(String host, int port) throws IOException {
            this.host = host + ":" + port;
            socket = new java.net.Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }

        int get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().strip(), 16); size > 0; size = Long.parseLong(line().strip(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            return status;
        }

        private void skip(long bytes) throws IOException {
            while (bytes > 0) {
                long skipped = in.skip(bytes);
                if (skipped <= 0) {
                    throw new IOException("connection closed mid-answer");
                }
                bytes -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    /** User ids with cumulative rating counts, for draws proportional to activity. */
    private record UserMix(int[] ids, long[] cumulative, long totalRatings, long heaviestRatings) {

        static UserMix read(String jdbcUrl) throws Exception {
            List<int[]> rows = new ArrayList<>();
            try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, count(*) FROM catalog.ratings GROUP BY user_id")) {
                while (rs.next()) {
                    rows.add(new int[] {rs.getInt(1), rs.getInt(2)});
                }
            }
            int[] ids = new int[rows.size()];
            long[] cumulative = new long[rows.size()];
            long sum = 0;
            long heaviest = 0;
            for (int i = 0; i < rows.size(); i++) {
                ids[i] = rows.get(i)[0];
                sum += rows.get(i)[1];
                cumulative[i] = sum;
                heaviest = Math.max(heaviest, rows.get(i)[1]);
            }
            return new UserMix(ids, cumulative, sum, heaviest);
        }

        int draw(SplittableRandom random) {
            long r = random.nextLong(totalRatings);
            int at = Arrays.binarySearch(cumulative, r + 1);
            return ids[at >= 0 ? at : -at - 1];
        }
    }
}
