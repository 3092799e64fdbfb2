package dev.recsys.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A service that runs out of heap must end its process (so Kubernetes, Compose or {@code make up}
 * restarts it) instead of keeping a socket open that answers nothing: every way the project launches
 * a service's JVM passes {@code -XX:+ExitOnOutOfMemoryError}.
 */
class JvmFlagsTest {

    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void theImagesEntrypointExitsOnOutOfMemory() throws IOException {
        String pom = Files.readString(Repo.root().resolve("pom.xml"));
        Matcher entrypoint = Pattern.compile("<entrypoint>(.*?)</entrypoint>", Pattern.DOTALL).matcher(pom);
        assertTrue(entrypoint.find(), "pom.xml: no Jib <entrypoint>");
        List<String> args = new ArrayList<>();
        Matcher arg = Pattern.compile("<arg>(.*?)</arg>").matcher(entrypoint.group(1));
        while (arg.find()) {
            args.add(arg.group(1));
        }
        assertEquals("java", args.get(0), "pom.xml: the entrypoint runs java");
        assertTrue(args.indexOf(EXIT_ON_OOM) > 0 && args.indexOf(EXIT_ON_OOM) < args.indexOf("-jar"),
                "pom.xml: the Jib entrypoint must pass " + EXIT_ON_OOM + " before -jar, is " + args);
    }

    @Test
    void everyScriptThatStartsAServiceExitsOnOutOfMemory() throws IOException {
        Path root = Repo.root();
        List<Path> scripts = new ArrayList<>();
        for (String dir : List.of("scripts", "bench", "ingestion-service/src/main/jib")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".sh")).forEach(scripts::add);
            }
        }
        Pattern launch = Pattern.compile("\\bjava\\b.*quarkus-run\\.jar");
        List<String> launches = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path script : scripts) {
            List<String> lines = Files.readAllLines(script);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.trim().startsWith("#") && launch.matcher(line).find()) {
                    String where = root.relativize(script) + ":" + (i + 1);
                    launches.add(where);
                    if (!line.contains(EXIT_ON_OOM)) {
                        missing.add(where + ": " + line.trim());
                    }
                }
            }
        }
        assertTrue(launches.contains("scripts/local-stack.sh:" + lineOf(root.resolve("scripts/local-stack.sh"),
                "quarkus-run.jar")), "make up's service launch was not found: " + launches);
        assertEquals(List.of(), missing, "service JVMs started without " + EXIT_ON_OOM);
        // The CronJob's weekly chain runs in the ingestion image, under the pod's memory limit too.
        String weekly = Files.readString(root.resolve("ingestion-service/src/main/jib/opt/recsys/bin/weekly.sh"));
        assertTrue(weekly.contains("exec java -XX:MaxRAMPercentage=50 " + EXIT_ON_OOM + " "), "weekly.sh: " + weekly);
    }

    @Test
    void theEndToEndTestsStartTheServicesTheSameWay() throws IOException {
        String processes = Files.readString(Repo.root().resolve("e2e-tests/src/test/java/dev/recsys/e2e/ServiceProcesses.java"));
        assertTrue(processes.contains("\"" + EXIT_ON_OOM + "\", \"-jar\""),
                "e2e-tests ServiceProcesses must start each jar with " + EXIT_ON_OOM);
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text) && lines.get(i).contains("java")) {
                return i + 1;
            }
        }
        return -1;
    }
}
