package dev.recsys.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP steps of {@code make up} and the benchmarks, in Java so that a machine with only a JDK
 * and Maven (no curl) can run them.
 *
 * <pre>
 * LocalStackClient wait-port HOST PORT SECONDS
 * LocalStackClient wait-healthy URL SECONDS
 * LocalStackClient ingest BASE_URL TOKEN SOURCE LOCATION   (waits for the job; exits 1 if it failed)
 * LocalStackClient job BASE_URL JOBS_PATH TOKEN JSON_BODY   (any job resource: POST, then wait for it)
 * </pre>
 */
public final class LocalStackClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private LocalStackClient() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "wait-port" -> waitPort(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "wait-healthy" -> waitHealthy(args[1], Integer.parseInt(args[2]));
            case "ingest" -> System.exit(ingest(args[1], args[2], args[3], args[4]));
            case "job" -> System.exit(runJob(args[1], args[2], args[3], args[4]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void waitPort(String host, int port, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket(host, port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        fail("nothing listens on " + host + ":" + port + " after " + seconds + " s");
    }

    private static void waitHealthy(String url, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        fail(url + " is not healthy after " + seconds + " s");
    }

    private static int ingest(String baseUrl, String token, String source, String location) throws Exception {
        String body = "{\"source\":\"" + source + "\",\"location\":\"" + location.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return runJob(baseUrl, "/api/v1/ingestions", token, body);
    }

    private static int runJob(String baseUrl, String jobsPath, String token, String body) throws Exception {
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + jobsPath))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.err.println("job refused (HTTP " + started.statusCode() + "): " + started.body());
            return 1;
        }
        Matcher id = ID.matcher(started.body());
        id.find();
        String jobUrl = baseUrl + jobsPath + "/" + id.group(1);
        System.out.println("job started: " + jobUrl);
        while (true) {
            Thread.sleep(1000);
            String job = HTTP.send(HttpRequest.newBuilder(URI.create(jobUrl)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher status = STATUS.matcher(job);
            status.find();
            switch (status.group(1)) {
                case "SUCCEEDED" -> {
                    System.out.println(job);
                    return 0;
                }
                case "FAILED", "CANCELLED" -> {
                    System.err.println(job);
                    return 1;
                }
                default -> { }
            }
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
