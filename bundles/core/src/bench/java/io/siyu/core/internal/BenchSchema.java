package io.siyu.core.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/** A PostgreSQL schema where a benchmark keeps its generated data between runs (generating it takes minutes). */
public final class BenchSchema {
    public final PGSimpleDataSource dataSource;
    /** True when the schema holds no customers table yet: the benchmark generates its data. */
    public final boolean empty;

    private BenchSchema(PGSimpleDataSource dataSource, boolean empty) {
        this.dataSource = dataSource;
        this.empty = empty;
    }

    /** Creates the schema if it is missing, as user postgres. */
    public static BenchSchema open(String url, String schema) throws SQLException {
        boolean empty;
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = '" + schema + "' AND table_name = 'customer'")) {
                rs.next();
                empty = rs.getLong(1) == 0;
            }
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        ds.setCurrentSchema(schema);
        return new BenchSchema(ds, empty);
    }
}
