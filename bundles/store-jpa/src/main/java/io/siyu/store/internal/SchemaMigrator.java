package io.siyu.store.internal;

import io.siyu.api.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Brings a database to the schema this build expects. Each migration is a numbered SQL script per
 * dialect under {@code db/<dialect>/}; applied versions are recorded in {@code siyu_schema_version}
 * and never run twice. Migrations only add: a newer build upgrades an older database in place.
 */
public final class SchemaMigrator {
    /** The migrations of this build, oldest first. Append; never edit or reorder a released one. */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "customers"),
            new Migration(2, "tags"),
            new Migration(3, "settings"),
            new Migration(4, "events"),
            new Migration(5, "consent"),
            new Migration(6, "changes_and_segments"),
            new Migration(7, "attribute_schema"),
            new Migration(8, "identity_merge"),
            new Migration(9, "tag_groups"),
            new Migration(10, "identity_value_index"),
            new Migration(11, "outbox"),
            new Migration(12, "channel_codes"),
            new Migration(13, "event_insert_indexes"),
            new Migration(14, "touch_policy"),
            new Migration(15, "sop_and_tasks"),
            new Migration(16, "org_model"),
            new Migration(18, "content_and_audit"),
            new Migration(19, "subscription_grants"),
            new Migration(20, "channel_daily_stats"),
            new Migration(21, "customer_child_keys"),
            new Migration(22, "follow_events_and_identity_owner"),
            new Migration(23, "change_born"),
            new Migration(24, "event_customer_key"),
            new Migration(25, "customer_tag_tag_key"),
            new Migration(26, "customer_tag_arrays"));

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());
    /** Arbitrary key for PostgreSQL's advisory lock: one node migrates while the others wait. */
    private static final long PG_LOCK_KEY = 0x5179_7500L;

    record Migration(int version, String description) {
        String resource(Dialect dialect) {
            return "db/" + dialect.code + "/V" + version + "__" + description + ".sql";
        }
    }

    public enum Dialect {
        DERBY("derby"), POSTGRESQL("postgresql");

        final String code;

        Dialect(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Dialect of(Connection c) throws SQLException {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("derby")) {
                return DERBY;
            }
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            throw new UnavailableException("unsupported database: " + product + " (Siyu runs on Derby or PostgreSQL)");
        }
    }

    private final DataSource dataSource;

    public SchemaMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** Applies every pending migration; returns the resulting version. */
    public int migrate() {
        return migrate(latestVersion());
    }

    /** Applies pending migrations up to {@code target} (tests use this to build an "old" database). */
    public int migrate(int target) {
        try (Connection c = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(c);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                lock(c, dialect);
                ensureVersionTable(c);
                int current = currentVersion(c);
                for (Migration m : MIGRATIONS) {
                    if (m.version() > current && m.version() <= target) {
                        apply(c, dialect, m);
                        current = m.version();
                    }
                }
                c.commit();
                return current;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                unlock(c, dialect);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new UnavailableException("schema migration failed: " + e.getMessage(), e);
        }
    }

    /** The version the database is at, 0 for an empty database. */
    public int currentVersion() {
        try (Connection c = dataSource.getConnection()) {
            return versionTableExists(c) ? currentVersion(c) : 0;
        } catch (SQLException e) {
            throw new UnavailableException("cannot read the schema version: " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        try (Connection c = dataSource.getConnection()) {
            return Dialect.of(c);
        } catch (SQLException e) {
            throw new UnavailableException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    private void apply(Connection c, Dialect dialect, Migration m) throws SQLException {
        String script = read(m.resource(dialect));
        try (Statement st = c.createStatement()) {
            for (String sql : statements(script)) {
                st.execute(sql);
            }
        }
        if (m.version() == 6) {
            EventAmountBackfill.run(c);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO siyu_schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setString(3, sha256(script));
            ps.setTimestamp(4, Timestamp.valueOf(LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC)));
            ps.executeUpdate();
        }
        LOG.info(() -> "Siyu schema migrated to version " + m.version() + " (" + m.description() + ")");
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        if (!versionTableExists(c)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE siyu_schema_version (version INT NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP NOT NULL)");
            }
        }
    }

    private static boolean versionTableExists(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String schema = c.getSchema();
        for (String name : new String[] {"siyu_schema_version", "SIYU_SCHEMA_VERSION"}) {
            try (ResultSet rs = md.getTables(null, schema, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(version) FROM siyu_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void lock(Connection c, Dialect dialect) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_lock(" + PG_LOCK_KEY + ")");
            }
        }
        // Derby is embedded in one JVM: the single node is the only writer.
    }

    private static void unlock(Connection c, Dialect dialect) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_unlock(" + PG_LOCK_KEY + ")");
            }
            c.commit();
        }
    }

    /** Splits a script into statements at semicolons that end a line; "--" lines are comments. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
