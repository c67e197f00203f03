package io.siyu.store.internal;

import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentState;
import io.siyu.api.content.ContentTransition;
import io.siyu.store.ContentRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The content library in plain JDBC. Every change is one transaction guarded by the state it
 * expects (UPDATE … WHERE state = ?), and writes its transition row alongside.
 */
final class JdbcContentRepository implements ContentRepository {
    private static final String ITEM_COLUMNS = "id, kind, owner_unit, created_by, created_at, latest_version,"
            + " latest_state, approved_version";
    private static final String VERSION_COLUMNS = "content_id, version, title, labels, body, state, author, created_at,"
            + " submitted_by, reviewer, reviewed_at, reason";

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcContentRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public long insert(ContentKind kind, String ownerUnit, String title, Set<String> labels, String body, String by,
            Instant now) {
        return jdbc.inTransaction("storing content", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO content_item (kind, owner_unit, created_by,"
                    + " created_at, latest_version, latest_state, updated_at) VALUES (?, ?, ?, ?, 1, 'DRAFT', ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, kind.name());
                ps.setString(2, ownerUnit);
                ps.setString(3, by);
                ps.setTimestamp(4, ts(now));
                ps.setTimestamp(5, ts(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            insertVersion(c, id, 1, title, labels, body, by, now);
            return id;
        }, x -> true);
    }

    private void insertVersion(Connection c, long id, int version, String title, Set<String> labels, String body,
            String by, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO content_version (content_id, version, title, labels,"
                + " body, state, author, created_at) VALUES (?, ?, ?, ?, ?, 'DRAFT', ?, ?)")) {
            ps.setLong(1, id);
            ps.setInt(2, version);
            ps.setString(3, title);
            ps.setString(4, join(labels));
            ps.setString(5, body);
            ps.setString(6, by);
            ps.setTimestamp(7, ts(now));
            ps.executeUpdate();
        }
        replaceLabels(c, id, labels);
        transition(c, id, version, null, ContentState.DRAFT, by, now, null);
    }

    private static void replaceLabels(Connection c, long id, Set<String> labels) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM content_label WHERE content_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        if (labels.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO content_label (content_id, label) VALUES (?, ?)")) {
            for (String label : labels) {
                ps.setLong(1, id);
                ps.setString(2, label);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void transition(Connection c, long id, int version, ContentState from, ContentState to, String actor,
            Instant now, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO content_transition (content_id, version, from_state,"
                + " to_state, actor, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setInt(2, version);
            ps.setString(3, from == null ? null : from.name());
            ps.setString(4, to.name());
            ps.setString(5, actor);
            ps.setTimestamp(6, ts(now));
            ps.setString(7, reason);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<StoredContent> find(long id) {
        return jdbc.read("reading content", c -> item(c, id));
    }

    private Optional<StoredContent> item(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM content_item WHERE id = ?")) {
            ps.setLong(1, id);
            return items(ps).stream().findFirst();
        }
    }

    @Override
    public Optional<StoredVersion> version(long id, int version) {
        return jdbc.read("reading a content version", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
                    + " FROM content_version WHERE content_id = ? AND version = ?")) {
                ps.setLong(1, id);
                ps.setInt(2, version);
                return versions(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<StoredVersion> versions(long id) {
        return jdbc.read("reading content versions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
                    + " FROM content_version WHERE content_id = ? ORDER BY version DESC")) {
                ps.setLong(1, id);
                return versions(ps);
            }
        });
    }

    @Override
    public List<ContentTransition> transitions(long id) {
        return jdbc.read("reading content history", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content_id, version, from_state, to_state, actor,"
                    + " changed_at, reason FROM content_transition WHERE content_id = ? ORDER BY seq")) {
                ps.setLong(1, id);
                List<ContentTransition> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String from = rs.getString(3);
                        out.add(new ContentTransition(rs.getLong(1), rs.getInt(2),
                                from == null ? null : ContentState.valueOf(from), ContentState.valueOf(rs.getString(4)),
                                rs.getString(5), instant(rs.getTimestamp(6)), rs.getString(7)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StoredContent> list(Filter filter, int offset, int limit) {
        if (filter.units() != null && filter.units().isEmpty()) {
            return List.of();
        }
        return jdbc.read("listing content", c -> {
            List<Object> params = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM content_item"
                    + where(filter, params) + " ORDER BY id DESC OFFSET " + offset + " ROWS FETCH FIRST " + limit
                    + " ROWS ONLY")) {
                bind(ps, params);
                return items(ps);
            }
        });
    }

    @Override
    public long count(Filter filter) {
        if (filter.units() != null && filter.units().isEmpty()) {
            return 0;
        }
        return jdbc.read("counting content", c -> {
            List<Object> params = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM content_item" + where(filter, params))) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String where(Filter f, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (f.units() != null) {
            clauses.add("owner_unit IN (" + String.join(", ", java.util.Collections.nCopies(f.units().size(), "?")) + ")");
            params.addAll(new TreeSet<>(f.units()));
        }
        if (f.state() != null) {
            clauses.add("latest_state = ?");
            params.add(f.state().name());
        }
        if (f.kind() != null) {
            clauses.add("kind = ?");
            params.add(f.kind().name());
        }
        if (f.usableOnly()) {
            clauses.add("approved_version IS NOT NULL");
        }
        if (f.label() != null) {
            clauses.add("EXISTS (SELECT 1 FROM content_label l WHERE l.content_id = content_item.id AND l.label = ?)");
            params.add(f.label());
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    @Override
    public boolean replaceDraft(long id, int version, String title, Set<String> labels, String body, String by,
            Instant now) {
        return jdbc.retrying("changing a content draft", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE content_version SET title = ?, labels = ?, body = ?,"
                    + " author = ? WHERE content_id = ? AND version = ? AND state = 'DRAFT'")) {
                ps.setString(1, title);
                ps.setString(2, join(labels));
                ps.setString(3, body);
                ps.setString(4, by);
                ps.setLong(5, id);
                ps.setInt(6, version);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            replaceLabels(c, id, labels);
            touch(c, id, now);
            return true;
        }, ok -> ok);
    }

    @Override
    public boolean addVersion(long id, int latest, ContentState expected, String title, Set<String> labels, String body,
            String by, Instant now) {
        return jdbc.retrying("adding a content version", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE content_item SET latest_version = ?,"
                    + " latest_state = 'DRAFT', updated_at = ? WHERE id = ? AND latest_version = ? AND latest_state = ?")) {
                ps.setInt(1, latest + 1);
                ps.setTimestamp(2, ts(now));
                ps.setLong(3, id);
                ps.setInt(4, latest);
                ps.setString(5, expected.name());
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            insertVersion(c, id, latest + 1, title, labels, body, by, now);
            return true;
        }, ok -> ok);
    }

    @Override
    public boolean move(long id, int version, ContentState from, ContentState to, String actor, Instant now,
            String reason) {
        return jdbc.retrying("moving content " + id + " v" + version + " to " + to, c -> {
            boolean review = to == ContentState.APPROVED || to == ContentState.REJECTED;
            String set = "state = ?" + (to == ContentState.PENDING_REVIEW ? ", submitted_by = ?" : "")
                    + (review ? ", reviewer = ?, reviewed_at = ?" : "") + (reason != null ? ", reason = ?" : "");
            try (PreparedStatement ps = c.prepareStatement("UPDATE content_version SET " + set
                    + " WHERE content_id = ? AND version = ? AND state = ?")) {
                int i = 1;
                ps.setString(i++, to.name());
                if (to == ContentState.PENDING_REVIEW) {
                    ps.setString(i++, actor);
                }
                if (review) {
                    ps.setString(i++, actor);
                    ps.setTimestamp(i++, ts(now));
                }
                if (reason != null) {
                    ps.setString(i++, reason);
                }
                ps.setLong(i++, id);
                ps.setInt(i++, version);
                ps.setString(i, from.name());
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            StoredContent item = item(c, id).orElseThrow();
            if (to == ContentState.APPROVED && item.approvedVersion() != null && item.approvedVersion() != version) {
                int before = item.approvedVersion();
                try (PreparedStatement ps = c.prepareStatement("UPDATE content_version SET state = 'SUPERSEDED'"
                        + " WHERE content_id = ? AND version = ? AND state = 'APPROVED'")) {
                    ps.setLong(1, id);
                    ps.setInt(2, before);
                    if (ps.executeUpdate() == 1) {
                        transition(c, id, before, ContentState.APPROVED, ContentState.SUPERSEDED, actor, now,
                                "version " + version + " approved");
                    }
                }
            }
            String approved = to == ContentState.APPROVED ? ", approved_version = ?"
                    : to == ContentState.WITHDRAWN ? ", approved_version = NULL" : "";
            try (PreparedStatement ps = c.prepareStatement("UPDATE content_item SET latest_state = CASE WHEN"
                    + " latest_version = ? THEN ? ELSE latest_state END" + approved + ", updated_at = ? WHERE id = ?")) {
                int i = 1;
                ps.setInt(i++, version);
                ps.setString(i++, to.name());
                if (to == ContentState.APPROVED) {
                    ps.setInt(i++, version);
                }
                ps.setTimestamp(i++, ts(now));
                ps.setLong(i, id);
                ps.executeUpdate();
            }
            transition(c, id, version, from, to, actor, now, reason);
            return true;
        }, ok -> ok);
    }

    private void touch(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE content_item SET updated_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, ts(now));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    @Override
    public List<String> sensitiveWords() {
        return jdbc.read("reading sensitive words", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT word FROM compliance_word ORDER BY word");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public void replaceSensitiveWords(Collection<String> words, String by, Instant now) {
        jdbc.retrying("storing sensitive words", c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM compliance_word");
            }
            if (!words.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO compliance_word (word, added_at, added_by) VALUES (?, ?, ?)")) {
                    for (String w : new TreeSet<>(words)) {
                        ps.setString(1, w);
                        ps.setTimestamp(2, ts(now));
                        ps.setString(3, by);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        }, x -> true);
    }

    private List<StoredContent> items(PreparedStatement ps) throws SQLException {
        List<StoredContent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int approved = rs.getInt(8);
                Integer approvedVersion = rs.wasNull() ? null : approved;
                out.add(new StoredContent(rs.getLong(1), ContentKind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), instant(rs.getTimestamp(5)), rs.getInt(6), ContentState.valueOf(rs.getString(7)),
                        approvedVersion));
            }
        }
        return out;
    }

    private List<StoredVersion> versions(PreparedStatement ps) throws SQLException {
        List<StoredVersion> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredVersion(rs.getLong(1), rs.getInt(2), rs.getString(3), split(rs.getString(4)),
                        rs.getString(5), ContentState.valueOf(rs.getString(6)), rs.getString(7),
                        instant(rs.getTimestamp(8)), rs.getString(9), rs.getString(10), instant(rs.getTimestamp(11)),
                        rs.getString(12)));
            }
        }
        return out;
    }

    private static Set<String> split(String joined) {
        return joined.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(joined.split(",")));
    }

    private static String join(Set<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    private Timestamp ts(Instant instant) {
        return instants.convertToDatabaseColumn(instant);
    }

    private Instant instant(Timestamp timestamp) {
        return instants.convertToEntityAttribute(timestamp);
    }
}
