package dev.recsys.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/** Renders a kustomization under k8s/ with {@code kubectl kustomize}, once per JVM. */
final class Kustomize {

    static final String DEV = "k8s/overlays/dev";
    static final String PROD = "k8s/overlays/prod";
    static final String BATCH_SHARDED = "k8s/jobs/batch-sharded";
    static final String SAMPLE_LOAD = "k8s/jobs/sample-load";

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private static final String INSTALL = "install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/, or "
            + "`apt-get install kubectl` from the Kubernetes or Google Cloud apt repository; Debian's own kubernetes-client "
            + "is 1.20, too old), or point KUBECTL at one.";
    private static final Pattern MINOR = Pattern.compile("\"minor\"\\s*:\\s*\"(\\d+)");

    private static volatile String kubectl;

    /** The parsed objects of one kustomization; fails the test if it does not render. */
    static Manifests render(String dir) {
        return RENDERED.computeIfAbsent(dir, Kustomize::renderNow);
    }

    private static Commands.Result kustomize(Path dir) {
        return Commands.run(Repo.root(), 120, kubectl(), "kustomize", dir.toString());
    }

    /** The kubectl to run: $KUBECTL, else the one on the PATH; fails with what to install if there is none (or too old). */
    static String kubectl() {
        String found = kubectl;
        if (found == null) {
            found = locateKubectl();
            Commands.Result version = Commands.run(Repo.root(), 60, found, "version", "--client", "-o", "json");
            Matcher minor = MINOR.matcher(version.stdout());
            if (version.exitCode() != 0 || !minor.find()) {
                throw new AssertionError(found + " version --client failed (" + version.stderr().strip() + "): " + INSTALL);
            }
            if (Integer.parseInt(minor.group(1)) < 27) {
                throw new AssertionError(found + " is kubectl 1." + minor.group(1) + ", whose kustomize cannot render k8s/: " + INSTALL);
            }
            kubectl = found;
        }
        return found;
    }

    private static String locateKubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new AssertionError("KUBECTL=" + configured + " is not an executable file");
            }
            return configured;
        }
        // Without kubectl nothing can be rendered: the rendering tests are reported as skipped, with why.
        return Commands.onPath("kubectl").map(Path::toString).orElseThrow(() -> {
            String why = "kubectl is not on the PATH. These tests render k8s/ with `kubectl kustomize` and cannot run "
                    + "without it: " + INSTALL;
            System.err.println("[deploy-tests] manifest checks NOT run: " + why);
            return new TestAbortedException(why);
        });
    }

    private static Manifests renderNow(String dir) {
        Path path = Repo.root().resolve(dir);
        if (!Files.isRegularFile(path.resolve("kustomization.yaml"))) {
            throw new AssertionError(dir + "/kustomization.yaml is missing");
        }
        Commands.Result result = kustomize(path);
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " exited with " + result.exitCode() + ":\n" + result.stderr());
        }
        return Manifests.parse(dir, result.stdout());
    }

    private Kustomize() {
    }
}
