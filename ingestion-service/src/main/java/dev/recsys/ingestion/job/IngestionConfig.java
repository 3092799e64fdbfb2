package dev.recsys.ingestion.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of ingestion jobs ({@code recsys.ingestion.*}). */
@ConfigMapping(prefix = "recsys.ingestion")
public interface IngestionConfig {

    /** Largest archive a URL ingestion downloads; larger ones fail before or while downloading. */
    @WithDefault("4294967296")
    long maxDownloadBytes();

    /** Where downloads are kept while they are loaded (deleted afterwards). */
    @WithDefault("/tmp")
    Path downloadDir();

    /**
     * Directories a local {@code location} must lie in (after symbolic links and {@code ..} are
     * resolved): by default the data volume and the sample bundled in the image.
     */
    @WithDefault("/data,/opt/recsys/sample")
    List<Path> allowedDirs();

    /**
     * Hosts a URL {@code location} may name even though they resolve to a loopback, private or
     * link-local address (public hosts are always allowed). None by default.
     */
    Optional<List<String>> allowedHosts();

    /** How long a download may take to connect. */
    @WithDefault("10S")
    Duration downloadConnectTimeout();

    /** A download that receives nothing for this long fails. */
    @WithDefault("60S")
    Duration downloadIdleTimeout();

    /** A download still running after this long fails (a server trickling bytes cannot hold the only slot). */
    @WithDefault("2H")
    Duration downloadDeadline();

    /** A compressed file (zip entry or .gz) may expand at most this many times its stored size. */
    @WithDefault("200")
    int maxExpansionRatio();

    /**
     * An ingestion fails (and saves nothing) when more than this share of a file's rows is rejected:
     * a wrong file is then reported as one, not loaded as a handful of rows.
     */
    @WithDefault("0.5")
    double maxRejectShare();

    /** A RUNNING ingestion whose worker has not reported for this long is marked FAILED. */
    @WithDefault("60")
    int heartbeatTimeoutSeconds();

    /**
     * Whether an ingestion that can change what movies are about (MovieLens, plots) ends by building
     * each movie's text and embedding the texts not embedded yet. Off: texts and vectors stay as they
     * were until an ingestion with it on.
     */
    @WithDefault("true")
    boolean embedTexts();
}
