package dev.recsys.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.client.PlatformClient;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/**
 * The single HTTP steps of the benchmarks and the local stack, in Java so that a machine with only
 * a JDK and Maven (no curl) can run them. The whole weekly chain is {@link dev.recsys.client.WeeklyChain}.
 *
 * <pre>
 * LocalStackClient wait-port HOST PORT SECONDS
 * LocalStackClient wait-healthy BASE_URL SECONDS
 * LocalStackClient ingest BASE_URL TOKEN SOURCE LOCATION   (waits for the job; exits 1 if it failed)
 * LocalStackClient job BASE_URL JOBS_PATH TOKEN JSON_BODY   (any job resource: POST, then wait for it)
 *
 * The job commands print the finished job's JSON on stdout, for jq.
 * </pre>
 */
public final class LocalStackClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A job at full ml-25m scale takes well under an hour here; this only stops a script that would hang. */
    private static final Duration JOB_TIMEOUT = Duration.ofHours(12);

    private LocalStackClient() {
    }

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "wait-port" -> waitPort(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "wait-healthy" -> new PlatformClient("", Duration.ofMillis(500))
                        .awaitReady(args[1], Duration.ofSeconds(Integer.parseInt(args[2])), health -> true);
                case "ingest" -> runJob(args[1], "/api/v1/ingestions", args[2],
                        JSON.writeValueAsString(Map.of("source", args[3], "location", args[4])));
                case "job" -> runJob(args[1], args[2], args[3], args[4]);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        } catch (PlatformClient.StepFailed | AssertionError e) {
            fail(e.getMessage());
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

    /** POSTs the job, waits for it, and prints its final JSON on stdout (progress goes to stderr). */
    private static void runJob(String baseUrl, String jobsPath, String token, String body) {
        PlatformClient client = new PlatformClient(token, Duration.ofSeconds(1));
        System.out.println(client.runJob(baseUrl, jobsPath, body, JOB_TIMEOUT, line -> System.err.println("job " + line)));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
