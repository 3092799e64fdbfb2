package dev.recsys.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium run headless on a page: the DOM after its scripts ran, and a screenshot. The
 * flags keep it off the network (the machine has none) and let it run as root.
 */
final class HeadlessChromium {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    static Optional<HeadlessChromium> find(Path workDir) {
        String configured = System.getenv("CHROMIUM");
        List<String> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(CANDIDATES);
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .map(path -> new HeadlessChromium(path, workDir));
    }

    /** The serialized DOM once the page's scripts have run (up to {@code budgetMillis} of virtual time). */
    String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        return run(url, budgetMillis, List.of("--dump-dom"), "dump-dom");
    }

    /** Saves a screenshot of the page to {@code png}. */
    void screenshot(String url, int budgetMillis, Path png) throws IOException, InterruptedException {
        run(url, budgetMillis, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,2900"), "screenshot");
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IllegalStateException("Chromium wrote no screenshot to " + png);
        }
    }

    private String run(String url, int budgetMillis, List<String> action, String name)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--lang=en-US", "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMillis));
        command.addAll(action);
        command.add(url);
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish in 90 s; stderr: " + Files.readString(err));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out);
    }
}
