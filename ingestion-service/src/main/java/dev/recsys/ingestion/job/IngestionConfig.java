package dev.recsys.ingestion.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings of ingestion jobs ({@code recsys.ingestion.*}). */
@ConfigMapping(prefix = "recsys.ingestion")
public interface IngestionConfig {

    /** Largest archive a URL ingestion downloads; larger ones fail before or while downloading. */
    @WithDefault("4294967296")
    long maxDownloadBytes();

    /** Where downloads are kept while they are loaded (deleted afterwards). */
    @WithDefault("/tmp")
    Path downloadDir();

    /** A RUNNING ingestion whose worker has not reported for this long is marked FAILED. */
    @WithDefault("60")
    int heartbeatTimeoutSeconds();
}
