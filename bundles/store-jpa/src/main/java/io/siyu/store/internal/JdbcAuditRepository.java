package io.siyu.store.internal;

import io.siyu.api.audit.AuditEntry;
import io.siyu.api.audit.AuditVerification;
import io.siyu.store.AuditRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The audit hash chain in plain JDBC. An append reads the chain head under a row lock, inserts its
 * entries with one batched INSERT and moves the head, all in one transaction: on PostgreSQL the
 * head row's {@code FOR UPDATE} lock makes appenders on every node queue for it, so they extend
 * one chain; Derby is embedded in a single node, where appends are serialised in this JVM and run
 * in one transaction each.
 */
final class JdbcAuditRepository implements AuditRepository {
    private static final String COLUMNS = "seq, recorded_at, actor, action, subject_type, subject_id, detail, hash";
    private static final int VERIFY_PAGE = 1000;

    private final JdbcTransactions jdbc;
    private final SchemaMigrator.Dialect dialect;
    private final InstantConverter instants = new InstantConverter();
    private final Object derbyAppends = new Object();

    JdbcAuditRepository(DataSource dataSource, SchemaMigrator.Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
    }

    private record Head(long seq, String hash) {
    }

    @Override
    public List<AuditEntry> append(List<NewAuditEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (dialect == SchemaMigrator.Dialect.POSTGRESQL) {
            return appendLocked(entries);
        }
        synchronized (derbyAppends) {
            return appendLocked(entries);
        }
    }

    private List<AuditEntry> appendLocked(List<NewAuditEntry> entries) {
        // The first append of a new database creates the head; two nodes racing to do so collide on
        // its primary key and the loser's retry finds it.
        return jdbc.retrying("recording " + entries.size() + " audit entr" + (entries.size() == 1 ? "y" : "ies"), c -> {
            Head head = lockHead(c);
            List<AuditEntry> stored = new ArrayList<>(entries.size());
            String previous = head.hash();
            long seq = head.seq();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (NewAuditEntry e : entries) {
                    seq++;
                    Instant at = e.at().truncatedTo(ChronoUnit.MILLIS);
                    String hash = AuditChain.hash(previous, seq, at, e.actor(), e.action(), e.subjectType(),
                            e.subjectId(), e.detail());
                    ps.setLong(1, seq);
                    ps.setTimestamp(2, ts(at));
                    ps.setString(3, e.actor());
                    ps.setString(4, e.action());
                    ps.setString(5, e.subjectType());
                    ps.setString(6, e.subjectId());
                    ps.setString(7, e.detail());
                    ps.setString(8, hash);
                    ps.addBatch();
                    stored.add(new AuditEntry(seq, at, e.actor(), e.action(), e.subjectType(), e.subjectId(), e.detail(),
                            hash));
                    previous = hash;
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
                ps.setLong(1, seq);
                ps.setString(2, previous);
                ps.executeUpdate();
            }
            return stored;
        }, x -> true);
    }

    private Head lockHead(Connection c) throws SQLException {
        String lock = dialect == SchemaMigrator.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1"
                + lock); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return new Head(rs.getLong(1), rs.getString(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, ?)")) {
            ps.setString(1, GENESIS);
            ps.executeUpdate();
        }
        return new Head(0, GENESIS);
    }

    @Override
    public List<AuditEntry> query(Filter filter, int offset, int limit) {
        if (filter.actors() != null && filter.actors().isEmpty()) {
            return List.of();
        }
        return jdbc.read("reading the audit log", c -> {
            List<Object> params = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table(c, filter) + where(filter, params)
                    + " ORDER BY seq DESC OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY")) {
                bind(ps, params);
                return entries(ps);
            }
        });
    }

    @Override
    public long count(Filter filter) {
        if (filter.actors() != null && filter.actors().isEmpty()) {
            return 0;
        }
        return jdbc.read("counting audit entries", c -> {
            List<Object> params = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table(c, filter) + where(filter, params))) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * A list of actors (a unit's staff) reads through the actor index on Derby too, however small
     * the log was when the statement was first planned (see DerbyKeys); a subject is narrower still.
     */
    private static String table(Connection c, Filter f) throws SQLException {
        return f.actors() != null && f.actor() == null && f.subjectId() == null
                ? DerbyKeys.leadingWith(c, "audit_log", "actor") : "audit_log";
    }

    private String where(Filter f, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (f.actor() != null) {
            clauses.add("actor = ?");
            params.add(f.actor());
        }
        if (f.actors() != null) {
            clauses.add("actor IN (" + String.join(", ", Collections.nCopies(f.actors().size(), "?")) + ")");
            params.addAll(new TreeSet<>(f.actors()));
        }
        if (f.action() != null) {
            clauses.add("action = ?");
            params.add(f.action());
        }
        if (f.subjectType() != null) {
            clauses.add("subject_type = ?");
            params.add(f.subjectType());
        }
        if (f.subjectId() != null) {
            clauses.add("subject_id = ?");
            params.add(f.subjectId());
        }
        if (f.from() != null) {
            clauses.add("recorded_at >= ?");
            params.add(ts(f.from()));
        }
        if (f.to() != null) {
            clauses.add("recorded_at < ?");
            params.add(ts(f.to()));
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    @Override
    public AuditVerification verify() {
        return jdbc.read("verifying the audit log", c -> {
            Head head = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    head = new Head(rs.getLong(1), rs.getString(2));
                }
            }
            // Entries appended while we walk lie beyond the head we read; the walk stops at it.
            long last = head == null ? 0 : head.seq();
            String headHash = head == null ? null : head.hash();
            String previous = GENESIS;
            long expected = 1;
            long checked = 0;
            while (true) {
                List<AuditEntry> page;
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ?"
                        + " ORDER BY seq FETCH FIRST " + VERIFY_PAGE + " ROWS ONLY")) {
                    ps.setLong(1, expected);
                    page = entries(ps);
                }
                for (AuditEntry e : page) {
                    if (e.seq() > last) {
                        return new AuditVerification(checked, last, headHash, e.seq(), "entry " + e.seq()
                                + " lies beyond the chain head (" + last + ")" + (head == null ? ", which is missing" : ""));
                    }
                    if (e.seq() != expected) {
                        return new AuditVerification(checked, last, headHash, expected, "entry " + expected
                                + " is missing (the next stored entry is " + e.seq() + ")");
                    }
                    String hash = AuditChain.hash(previous, e.seq(), e.at(), e.actor(), e.action(), e.subjectType(),
                            e.subjectId(), e.detail());
                    if (!hash.equals(e.hash())) {
                        return new AuditVerification(checked, last, headHash, e.seq(), "entry " + e.seq()
                                + " does not match its hash: it was changed, or an entry before it was");
                    }
                    checked++;
                    previous = hash;
                    expected++;
                    if (e.seq() == last) {
                        break;
                    }
                }
                if (page.isEmpty() || expected > last) {
                    break;
                }
            }
            if (expected <= last) {
                return new AuditVerification(checked, last, headHash, expected, "entries " + expected + " to " + last
                        + " are missing: the log was cut short of its head");
            }
            if (head != null && last > 0 && !previous.equals(head.hash())) {
                return new AuditVerification(checked, last, headHash, last, "the chain head's hash does not match entry " + last);
            }
            return new AuditVerification(checked, last, headHash, null, null);
        });
    }

    private List<AuditEntry> entries(PreparedStatement ps) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getLong(1), instant(rs.getTimestamp(2)), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    private Timestamp ts(Instant instant) {
        return instants.convertToDatabaseColumn(instant);
    }

    private Instant instant(Timestamp timestamp) {
        return instants.convertToEntityAttribute(timestamp);
    }
}
