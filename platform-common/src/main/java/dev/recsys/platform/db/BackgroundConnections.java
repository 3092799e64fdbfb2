package dev.recsys.platform.db;

import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections for background work that runs for minutes (a batch run's scorers): when the database
 * cannot be reached a moment (a new connection slow to open on a loaded node, past the pool's short
 * login timeout; the database restarting), the connection is asked for again a few times instead of
 * failing the whole run. Request paths do not use it: they answer degraded at once instead.
 */
public final class BackgroundConnections {

    /** Opens a connection (a data source's {@code getConnection}). */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** The waits before each new try: about 15 s in all before the run fails. */
    static final long[] WAITS_MILLIS = {500, 1_000, 2_000, 4_000, 8_000};

    private BackgroundConnections() {
    }

    /** A connection from {@code opener}, asked for again while the database is unavailable ({@link Sql#isDatabaseUnavailable}). */
    public static Connection open(Opener opener) throws SQLException {
        return open(opener, WAITS_MILLIS);
    }

    static Connection open(Opener opener, long[] waitsMillis) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                return opener.open();
            } catch (SQLException e) {
                if (attempt >= waitsMillis.length || !Sql.isDatabaseUnavailable(e)) {
                    throw e;
                }
                Log.warnf("No database connection (%s); trying again in %d ms", e.getMessage(), waitsMillis[attempt]);
                try {
                    Thread.sleep(waitsMillis[attempt]);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
