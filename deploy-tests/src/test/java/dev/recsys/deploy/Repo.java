package dev.recsys.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout these tests read (k8s/, docker-compose.yml) and the project version. */
final class Repo {

    static Path root() {
        String configured = System.getProperty("recsys.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("no k8s/ directory under " + root
                    + ": run these tests from the deploy-tests module (mvn -pl deploy-tests test)");
        }
        return root;
    }

    /** The Maven project version: the image tag of every service. */
    static String version() {
        return System.getProperty("recsys.version", "0.1.0-SNAPSHOT");
    }

    private Repo() {
    }
}
