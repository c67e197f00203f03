package io.siyu.core.internal;

import io.siyu.store.internal.JpaStore;
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

/** A real store on a fresh database (embedded Derby, or a new schema in PostgreSQL's "test"), for service tests. */
public final class TestStores implements AutoCloseable {
    public final DataSource dataSource;
    final EntityManagerFactory emf;
    public final JpaStore store;

    /** Derby. */
    public TestStores() {
        this(derby());
    }

    private TestStores(DataSource dataSource) {
        this.dataSource = dataSource;
        emf = new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", dataSource, "eclipselink.logging.level", "WARNING"));
        store = new JpaStore(emf, dataSource);
    }

    public static TestStores derbyStore() {
        return new TestStores(derby());
    }

    public static TestStores postgresStore() {
        return new TestStores(postgres());
    }

    private static DataSource derby() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(Path.of("target", "derby", "core-" + UUID.randomUUID()).toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    private static DataSource postgres() {
        String url = System.getProperty("siyu.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("siyu.test.pg.user", "postgres");
        String schema = "siyu_c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed on " + url + " for these tests: " + e.getMessage(), e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setCurrentSchema(schema);
        return ds;
    }

    /** The attribute schema service over a store, with no edition contributions. */
    public static io.siyu.api.customer.AttributeSchemaService attributeSchema(io.siyu.store.Store store) {
        return new AttributeSchemaServiceImpl(store, java.util.List::of, java.time.Clock.systemUTC());
    }

    @Override
    public void close() {
        emf.close();
    }
}
