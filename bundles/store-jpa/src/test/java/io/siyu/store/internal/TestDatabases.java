package io.siyu.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.postgresql.ds.PGSimpleDataSource;

/** Fresh, empty databases for store tests: a Derby database in target/, a PostgreSQL schema in "test". */
final class TestDatabases {
    private TestDatabases() {
    }

    static DataSource freshDerby() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(Path.of("target", "derby", "db-" + UUID.randomUUID()).toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    /** A new schema in the PostgreSQL "test" database, so runs never see each other's rows. */
    static DataSource freshPostgres() {
        String url = System.getProperty("siyu.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("siyu.test.pg.user", "postgres");
        String schema = "siyu_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed on " + url + " for the store tests"
                    + " (start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): "
                    + e.getMessage(), e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setCurrentSchema(schema);
        return ds;
    }

    static EntityManagerFactory entityManagerFactory(DataSource ds) {
        return new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", ds, "eclipselink.logging.level", "WARNING"));
    }
}
