package dev.recsys.platform;

import dev.recsys.testing.EmbeddedPostgresServer;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;

/** A fresh database on the shared embedded PostgreSQL, behind an Agroal pool like the services'. */
public final class PlatformDatabase {

    private PlatformDatabase() {
    }

    public static AgroalDataSource create(String name) throws SQLException {
        return pool(EmbeddedPostgresServer.newDatabase(name));
    }

    /**
     * A pool like the services' on the database at {@code url}: their acquisition and login timeouts, and PostgreSQL's
     * exception sorter (Quarkus sets it), so that a connection that failed is destroyed instead of handed out again.
     */
    public static AgroalDataSource pool(String url) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(4).acquisitionTimeout(java.time.Duration.ofSeconds(1))
                        .exceptionSorter(new io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter())
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url)
                                .loginTimeout(java.time.Duration.ofMillis(500))
                                .principal(new NamePrincipal("postgres"))
                                .credential(new SimplePassword("postgres")))));
    }
}
