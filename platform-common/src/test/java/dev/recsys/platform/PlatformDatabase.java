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
        String url = EmbeddedPostgresServer.newDatabase(name);
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(4)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url)
                                .principal(new NamePrincipal("postgres"))
                                .credential(new SimplePassword("postgres")))));
    }
}
