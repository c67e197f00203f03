package io.siyu.store.internal;

import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.store.NewOutboxMessage;
import io.siyu.store.OutboxChannelDepth;
import io.siyu.store.OutboxRecipient;
import io.siyu.store.OutboxRepository;
import io.siyu.store.StoredOutboxMessage;
import io.siyu.store.internal.SchemaMigrator.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The outbox in plain JDBC: claims and state changes are single statements guarded by the expected state. */
final class JdbcOutboxRepository implements OutboxRepository {
    private static final String COLUMNS = "id, idempotency_key, channel_type, channel_account, kind, body, body_hash,"
            + " state, attempts, failures, next_attempt_at, lease_owner, lease_until, attempt_started_at, provider_message_id,"
            + " error_code, error_message, recipient_count, created_at, updated_at";
    private static final int MAX_ERROR = 1000;

    private final JdbcTransactions jdbc;
    private final Dialect dialect;
    private final InstantConverter instants = new InstantConverter();

    JdbcOutboxRepository(DataSource dataSource, Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
    }

    @Override
    public StoredOutboxMessage insert(NewOutboxMessage m) {
        // A concurrent insert of the same key loses on the unique constraint and the retry finds it.
        return jdbc.retrying("storing an outbox message", c -> {
            Optional<StoredOutboxMessage> existing = find(c, m.idempotencyKey());
            if (existing.isPresent()) {
                return existing.get();
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_message (idempotency_key, channel_type,"
                    + " channel_account, kind, body, body_hash, state, attempts, failures, next_attempt_at, recipient_count,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', 0, 0, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, m.idempotencyKey());
                ps.setString(2, m.channelType());
                ps.setString(3, m.channelAccount());
                ps.setString(4, m.kind().name());
                ps.setString(5, m.body());
                ps.setString(6, m.bodyHash());
                ps.setTimestamp(7, ts(m.notBefore()));
                ps.setInt(8, m.recipients().size());
                ps.setTimestamp(9, ts(m.createdAt()));
                ps.setTimestamp(10, ts(m.createdAt()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            if (!m.recipients().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_recipient (message_id, position,"
                        + " id_type, namespace, id_value, state, updated_at) VALUES (?, ?, ?, ?, ?, 'QUEUED', ?)")) {
                    int position = 0;
                    for (ChannelIdentity r : m.recipients()) {
                        ps.setLong(1, id);
                        ps.setInt(2, position++);
                        ps.setString(3, r.type().code());
                        ps.setString(4, r.namespace());
                        ps.setString(5, r.value());
                        ps.setTimestamp(6, ts(m.createdAt()));
                        ps.addBatch();
                        if (position % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                JdbcTouchRepository.record(c, dialect, m.idempotencyKey(), m.channelType(), m.channelAccount(),
                        m.kind(), m.recipients(), ts(m.notBefore()));
            }
            return find(c, id).orElseThrow();
        }, stored -> true);
    }

    @Override
    public Optional<StoredOutboxMessage> find(String key) {
        return jdbc.read("reading the outbox", c -> find(c, key));
    }

    @Override
    public Optional<StoredOutboxMessage> find(long id) {
        return jdbc.read("reading the outbox", c -> find(c, id));
    }

    private Optional<StoredOutboxMessage> find(Connection c, String key) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM outbox_message WHERE idempotency_key = ?", key);
    }

    private Optional<StoredOutboxMessage> find(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM outbox_message WHERE id = ?", id);
    }

    private Optional<StoredOutboxMessage> one(Connection c, String sql, Object param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                StoredOutboxMessage m = read(rs, Map.of());
                return Optional.of(withCounts(c, m));
            }
        }
    }

    private StoredOutboxMessage withCounts(Connection c, StoredOutboxMessage m) throws SQLException {
        if (m.recipientCount() == 0) {
            return m;
        }
        return new StoredOutboxMessage(m.id(), m.idempotencyKey(), m.channelType(), m.channelAccount(), m.kind(),
                m.body(), m.bodyHash(), m.state(), m.attempts(), m.failures(), m.nextAttemptAt(), m.leaseOwner(), m.leaseUntil(),
                m.attemptStartedAt(), m.providerMessageId(), m.errorCode(), m.errorMessage(), m.recipientCount(),
                counts(c, m.id()), m.createdAt(), m.updatedAt());
    }

    private static Map<DeliveryState, Integer> counts(Connection c, long id) throws SQLException {
        Map<DeliveryState, Integer> counts = new EnumMap<>(DeliveryState.class);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state, COUNT(*) FROM outbox_recipient WHERE message_id = ? GROUP BY state")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(DeliveryState.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    @Override
    public List<StoredOutboxMessage> list(String type, String account, Set<DeliveryState> states, int offset,
            int limit) {
        return jdbc.read("listing the outbox", c -> {
            List<Object> params = new ArrayList<>();
            String where = filter(type, account, states, params);
            List<StoredOutboxMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox_message" + where
                    + " ORDER BY id DESC OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY")) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs, Map.of()));
                    }
                }
            }
            List<StoredOutboxMessage> counted = new ArrayList<>(out.size());
            for (StoredOutboxMessage m : out) {
                counted.add(withCounts(c, m));
            }
            return counted;
        });
    }

    @Override
    public long count(String type, String account, Set<DeliveryState> states) {
        return jdbc.read("counting the outbox", c -> {
            List<Object> params = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox_message"
                    + filter(type, account, states, params))) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<String> keysStartingWith(String prefix) {
        return jdbc.read("listing outbox keys", c -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT idempotency_key FROM outbox_message"
                    + " WHERE idempotency_key LIKE ? ESCAPE '!' ORDER BY id")) {
                ps.setString(1, like(prefix));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            }
            return keys;
        });
    }

    @Override
    public Map<String, Long> recipientCounts(String prefix) {
        return jdbc.read("counting recipients", c -> {
            Map<String, Long> counts = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.state, r.error_code, COUNT(*) FROM outbox_recipient r"
                    + " JOIN outbox_message m ON m.id = r.message_id WHERE m.idempotency_key LIKE ? ESCAPE '!'"
                    + " GROUP BY r.state, r.error_code")) {
                ps.setString(1, like(prefix));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.merge(rs.getString(1), rs.getLong(3), Long::sum);
                        if ("FAILED".equals(rs.getString(1))) {
                            String code = rs.getString(2) == null ? "unknown" : rs.getString(2);
                            counts.merge("FAILED:" + code, rs.getLong(3), Long::sum);
                        }
                    }
                }
            }
            return counts;
        });
    }

    /** A LIKE pattern matching keys that start with {@code prefix} literally. */
    static String like(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static String filter(String type, String account, Set<DeliveryState> states, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (type != null) {
            clauses.add("channel_type = ?");
            params.add(type);
        }
        if (account != null) {
            clauses.add("channel_account = ?");
            params.add(account);
        }
        if (states != null && !states.isEmpty()) {
            clauses.add("state IN (" + states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "))
                    + ")");
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    @Override
    public List<OutboxRecipient> recipients(long messageId, int offset, int limit) {
        return jdbc.read("reading outbox recipients", c -> recipients(c, "SELECT position, id_type, namespace,"
                + " id_value, state, chunk, attempt_started_at, provider_message_id, error_code, error_message, updated_at"
                + " FROM outbox_recipient WHERE message_id = ? ORDER BY position OFFSET " + offset + " ROWS FETCH FIRST "
                + limit + " ROWS ONLY", messageId, null));
    }

    @Override
    public List<OutboxRecipient> recipientsIn(long messageId, DeliveryState state, int limit) {
        return jdbc.read("reading outbox recipients", c -> recipients(c, "SELECT position, id_type, namespace,"
                + " id_value, state, chunk, attempt_started_at, provider_message_id, error_code, error_message, updated_at"
                + " FROM outbox_recipient WHERE message_id = ? AND state = ? ORDER BY position FETCH FIRST " + limit
                + " ROWS ONLY", messageId, state));
    }

    private List<OutboxRecipient> recipients(Connection c, String sql, long messageId, DeliveryState state)
            throws SQLException {
        List<OutboxRecipient> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, messageId);
            if (state != null) {
                ps.setString(2, state.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int chunk = rs.getInt(6);
                    out.add(new OutboxRecipient(rs.getInt(1), new ChannelIdentity(IdentityType.fromCode(rs.getString(2)),
                            rs.getString(3), rs.getString(4)), DeliveryState.valueOf(rs.getString(5)),
                            rs.wasNull() ? null : chunk, instant(rs.getTimestamp(7)), rs.getString(8), rs.getString(9),
                            rs.getString(10), instant(rs.getTimestamp(11))));
                }
            }
        }
        return out;
    }

    @Override
    public List<OutboxChannelDepth> depth() {
        return jdbc.read("measuring the outbox", c -> {
            Map<String, long[]> counts = new LinkedHashMap<>();
            Map<String, Instant> oldest = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT channel_type, channel_account, state, COUNT(*),"
                    + " MIN(created_at) FROM outbox_message WHERE state IN ('QUEUED', 'SENDING', 'FAILED')"
                    + " GROUP BY channel_type, channel_account, state ORDER BY channel_type, channel_account");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + "/" + rs.getString(2);
                    long[] row = counts.computeIfAbsent(key, k -> new long[3]);
                    DeliveryState state = DeliveryState.valueOf(rs.getString(3));
                    row[state == DeliveryState.QUEUED ? 0 : state == DeliveryState.SENDING ? 1 : 2] = rs.getLong(4);
                    if (state == DeliveryState.QUEUED) {
                        oldest.put(key, instant(rs.getTimestamp(5)));
                    }
                }
            }
            List<OutboxChannelDepth> out = new ArrayList<>();
            counts.forEach((key, row) -> {
                int slash = key.indexOf('/');
                out.add(new OutboxChannelDepth(key.substring(0, slash), key.substring(slash + 1), row[0], row[1],
                        row[2], oldest.get(key)));
            });
            return out;
        });
    }

    @Override
    public List<Long> claim(Set<String> channelKeys, Instant now, String owner, Instant leaseUntil, int max) {
        if (channelKeys.isEmpty() || max < 1) {
            return List.of();
        }
        List<String> channels = new ArrayList<>(channelKeys);
        String channelClause = channels.stream().map(k -> "(channel_type = ? AND channel_account = ?)")
                .collect(Collectors.joining(" OR ", "(", ")"));
        String due = "((state = 'QUEUED' AND next_attempt_at <= ?) OR (state = 'SENDING' AND lease_until < ?))";
        return jdbc.retrying("claiming outbox messages", c -> {
            List<Long> candidates = new ArrayList<>();
            // PostgreSQL: skip rows another node is claiming right now instead of queueing behind it.
            String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox_message WHERE " + due + " AND "
                    + channelClause + " ORDER BY next_attempt_at, id FETCH FIRST " + max + " ROWS ONLY" + lock)) {
                int i = 1;
                ps.setTimestamp(i++, ts(now));
                ps.setTimestamp(i++, ts(now));
                for (String key : channels) {
                    int slash = key.indexOf('/');
                    ps.setString(i++, key.substring(0, slash));
                    ps.setString(i++, key.substring(slash + 1));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getLong(1));
                    }
                }
            }
            // The guarded update is the claim: of two nodes racing for a row, one updates it.
            List<Long> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET state = 'SENDING',"
                    + " lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ? AND " + due)) {
                for (long id : candidates) {
                    ps.setString(1, owner);
                    ps.setTimestamp(2, ts(leaseUntil));
                    ps.setTimestamp(3, ts(now));
                    ps.setLong(4, id);
                    ps.setTimestamp(5, ts(now));
                    ps.setTimestamp(6, ts(now));
                    if (ps.executeUpdate() == 1) {
                        claimed.add(id);
                    }
                }
            }
            return claimed;
        }, ids -> true);
    }

    @Override
    public boolean renew(long messageId, String owner, Instant leaseUntil) {
        return jdbc.retrying("renewing an outbox lease", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET lease_until = ?"
                    + " WHERE id = ? AND lease_owner = ? AND state = 'SENDING'")) {
                ps.setTimestamp(1, ts(leaseUntil));
                ps.setLong(2, messageId);
                ps.setString(3, owner);
                return ps.executeUpdate() == 1;
            }
        }, ok -> true);
    }

    @Override
    public int callStarted(long messageId, int first, int last, Instant at) {
        return jdbc.retrying("recording a provider call", c -> callStarted(c, messageId, first, last, at), x -> true);
    }

    private int callStarted(Connection c, long messageId, int first, int last, Instant at) throws SQLException {
        int covered = 0;
        if (first != GROUP_CHUNK) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'SENDING', chunk = ?,"
                    + " attempt_started_at = ?, updated_at = ? WHERE message_id = ? AND position BETWEEN ? AND ?"
                    + " AND state = 'QUEUED'")) {
                ps.setInt(1, first);
                ps.setTimestamp(2, ts(at));
                ps.setTimestamp(3, ts(at));
                ps.setLong(4, messageId);
                ps.setInt(5, first);
                ps.setInt(6, last);
                covered = ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET attempts = attempts + 1,"
                + " attempt_started_at = ?, updated_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, ts(at));
            ps.setTimestamp(2, ts(at));
            ps.setLong(3, messageId);
            ps.executeUpdate();
        }
        return covered;
    }

    @Override
    public void callAccepted(long messageId, int chunk, String providerMessageId,
            Map<ChannelIdentity, String[]> rejected, Map<ChannelIdentity, String> recipientIds,
            Set<ChannelIdentity> retry, Instant at) {
        jdbc.retrying("recording an accepted call", c -> {
            callAccepted(c, messageId, chunk, providerMessageId, rejected, recipientIds, retry, at);
            return null;
        }, x -> true);
    }

    private void callAccepted(Connection c, long messageId, int chunk, String providerMessageId,
            Map<ChannelIdentity, String[]> rejected, Map<ChannelIdentity, String> recipientIds,
            Set<ChannelIdentity> retry, Instant at) throws SQLException {
        if (chunk == GROUP_CHUNK) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET state = 'SENT',"
                    + " provider_message_id = ?, error_code = NULL, error_message = NULL, updated_at = ?"
                    + " WHERE id = ? AND state = 'SENDING'")) {
                ps.setString(1, providerMessageId);
                ps.setTimestamp(2, ts(at));
                ps.setLong(3, messageId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'SENT',"
                + " provider_message_id = ?, updated_at = ? WHERE message_id = ? AND chunk = ? AND state = 'SENDING'")) {
            ps.setString(1, providerMessageId);
            ps.setTimestamp(2, ts(at));
            ps.setLong(3, messageId);
            ps.setInt(4, chunk);
            ps.executeUpdate();
        }
        if (!rejected.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'FAILED',"
                    + " error_code = ?, error_message = ?, updated_at = ? WHERE message_id = ? AND chunk = ?"
                    + " AND id_type = ? AND namespace = ? AND id_value = ? AND state = 'SENT'")) {
                for (Map.Entry<ChannelIdentity, String[]> e : rejected.entrySet()) {
                    ps.setString(1, e.getValue()[0]);
                    ps.setString(2, clip(e.getValue()[1]));
                    ps.setTimestamp(3, ts(at));
                    ps.setLong(4, messageId);
                    ps.setInt(5, chunk);
                    ps.setString(6, e.getKey().type().code());
                    ps.setString(7, e.getKey().namespace());
                    ps.setString(8, e.getKey().value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!recipientIds.isEmpty()) {
            // per-recipient ids (SMS serial numbers): status reports name the recipient's own id
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET provider_message_id = ?"
                    + " WHERE message_id = ? AND chunk = ? AND id_type = ? AND namespace = ? AND id_value = ?"
                    + " AND state = 'SENT'")) {
                for (Map.Entry<ChannelIdentity, String> e : recipientIds.entrySet()) {
                    ps.setString(1, e.getValue());
                    ps.setLong(2, messageId);
                    ps.setInt(3, chunk);
                    ps.setString(4, e.getKey().type().code());
                    ps.setString(5, e.getKey().namespace());
                    ps.setString(6, e.getKey().value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!retry.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'QUEUED', chunk = NULL,"
                    + " attempt_started_at = NULL, provider_message_id = NULL, updated_at = ? WHERE message_id = ?"
                    + " AND chunk = ? AND id_type = ? AND namespace = ? AND id_value = ? AND state = 'SENT'")) {
                for (ChannelIdentity r : retry) {
                    ps.setTimestamp(1, ts(at));
                    ps.setLong(2, messageId);
                    ps.setInt(3, chunk);
                    ps.setString(4, r.type().code());
                    ps.setString(5, r.namespace());
                    ps.setString(6, r.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (providerMessageId != null) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET provider_message_id = ?"
                    + " WHERE id = ? AND provider_message_id IS NULL")) {
                ps.setString(1, providerMessageId);
                ps.setLong(2, messageId);
                ps.executeUpdate();
            }
        }
        return;
    }

    @Override
    public void callFailed(long messageId, int chunk, String errorCode, String errorMessage, Instant at) {
        jdbc.retrying("recording a failed call", c -> {
            callFailed(c, messageId, chunk, errorCode, errorMessage, at);
            return null;
        }, x -> true);
    }

    private void callFailed(Connection c, long messageId, int chunk, String errorCode, String errorMessage, Instant at) throws SQLException {
        if (chunk != GROUP_CHUNK) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'FAILED',"
                    + " error_code = ?, error_message = ?, updated_at = ? WHERE message_id = ? AND chunk = ?"
                    + " AND state = 'SENDING'")) {
                ps.setString(1, errorCode);
                ps.setString(2, clip(errorMessage));
                ps.setTimestamp(3, ts(at));
                ps.setLong(4, messageId);
                ps.setInt(5, chunk);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET error_code = ?, error_message = ?,"
                + " updated_at = ?" + (chunk == GROUP_CHUNK ? ", state = 'FAILED'" : "")
                + " WHERE id = ? AND state = 'SENDING'")) {
            ps.setString(1, errorCode);
            ps.setString(2, clip(errorMessage));
            ps.setTimestamp(3, ts(at));
            ps.setLong(4, messageId);
            ps.executeUpdate();
        }
        return;
    }

    @Override
    public void callsStarted(List<Long> messageIds, Instant at) {
        jdbc.retrying("recording provider calls", c -> {
            for (long id : messageIds) {
                callStarted(c, id, 0, Integer.MAX_VALUE, at);
            }
            return null;
        }, x -> true);
    }

    @Override
    public void callsSettled(List<CallOutcome> outcomes, String owner, Instant at) {
        jdbc.retrying("recording provider call outcomes", c -> {
            for (CallOutcome o : outcomes) {
                if (o.result() == DeliveryState.SENT) {
                    callAccepted(c, o.messageId(), o.chunk(), o.providerMessageId(), o.rejected(), o.recipientIds(),
                            o.retry(), at);
                    if (!o.retry().isEmpty()) {
                        release(c, o.messageId(), owner, o.nextAttemptAt(), o.errorCode(), o.errorMessage(), at);
                        continue;
                    }
                } else if (o.result() == DeliveryState.FAILED) {
                    callFailed(c, o.messageId(), o.chunk(), o.errorCode(), o.errorMessage(), at);
                } else {
                    if (!o.outcomeUnknown()) {
                        requeue(c, o.messageId(), o.chunk(), at);
                    }
                    if (o.giveUp()) {
                        giveUp(c, o.messageId(), owner, o.errorCode(), o.errorMessage(), at);
                        continue;
                    }
                    release(c, o.messageId(), owner, o.nextAttemptAt(), o.errorCode(), o.errorMessage(), at,
                            o.outcomeUnknown());
                    continue;
                }
                release(c, o.messageId(), owner, null, null, null, at);
            }
            return null;
        }, x -> true);
    }

    @Override
    public void requeue(long messageId, int chunk, Instant at) {
        jdbc.retrying("requeueing an outbox chunk", c -> {
            requeue(c, messageId, chunk, at);
            return null;
        }, x -> true);
    }

    private void requeue(Connection c, long messageId, int chunk, Instant at) throws SQLException {
        if (chunk == GROUP_CHUNK) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox_message SET attempt_started_at = NULL, updated_at = ? WHERE id = ?")) {
                ps.setTimestamp(1, ts(at));
                ps.setLong(2, messageId);
                ps.executeUpdate();
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'QUEUED', chunk = NULL,"
                + " attempt_started_at = NULL, updated_at = ? WHERE message_id = ? AND chunk = ? AND state = 'SENDING'")) {
            ps.setTimestamp(1, ts(at));
            ps.setLong(2, messageId);
            ps.setInt(3, chunk);
            ps.executeUpdate();
        }
    }

    @Override
    public StoredOutboxMessage release(long messageId, String owner, Instant nextAttemptAt, String errorCode,
            String errorMessage, Instant at, boolean outcomeUnknown) {
        return jdbc.retrying("releasing an outbox message",
                c -> release(c, messageId, owner, nextAttemptAt, errorCode, errorMessage, at, outcomeUnknown), x -> true);
    }

    private StoredOutboxMessage release(Connection c, long messageId, String owner, Instant nextAttemptAt,
            String errorCode, String errorMessage, Instant at) throws SQLException {
        return release(c, messageId, owner, nextAttemptAt, errorCode, errorMessage, at, false);
    }

    private StoredOutboxMessage release(Connection c, long messageId, String owner, Instant nextAttemptAt, String errorCode,
            String errorMessage, Instant at, boolean outcomeUnknown) throws SQLException {
        StoredOutboxMessage m = locked(c, messageId);
        if (!owner.equals(m.leaseOwner())) {
            return m; // the lease was lost; whoever holds it now decides
        }
        if (m.state() != DeliveryState.SENDING) {
            endLease(c, messageId); // a group message its call already settled
            return find(c, messageId).orElseThrow();
        }
        boolean waiting = m.recipientCount() == 0 ? true
                : m.recipientStates().getOrDefault(DeliveryState.QUEUED, 0)
                        + m.recipientStates().getOrDefault(DeliveryState.SENDING, 0) > 0;
        DeliveryState next = waiting ? DeliveryState.QUEUED : summary(m.recipientStates());
        // attempt_started_at is cleared (whatever was in flight is settled) unless the outcome is unknown.
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET state = ?, next_attempt_at = ?,"
                + " lease_owner = NULL, lease_until = NULL," + (outcomeUnknown ? "" : " attempt_started_at = NULL,")
                + " failures = " + (errorCode == null ? "0" : "failures + 1") + ","
                + " error_code = COALESCE(?, error_code), error_message = COALESCE(?, error_message), updated_at = ?"
                + " WHERE id = ?")) {
            ps.setString(1, next.name());
            ps.setTimestamp(2, waiting ? ts(nextAttemptAt) : null);
            ps.setString(3, errorCode);
            ps.setString(4, clip(errorMessage));
            ps.setTimestamp(5, ts(at));
            ps.setLong(6, messageId);
            ps.executeUpdate();
        }
        return find(c, messageId).orElseThrow();
    }

    /** Leaves a group message that its call already settled (SENT or FAILED), ending the lease. */
    private void endLease(Connection c, long messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox_message SET lease_owner = NULL, lease_until = NULL, attempt_started_at = NULL WHERE id = ?")) {
            ps.setLong(1, messageId);
            ps.executeUpdate();
        }
    }

    @Override
    public StoredOutboxMessage giveUp(long messageId, String owner, String errorCode, String errorMessage, Instant at) {
        return jdbc.retrying("giving up on an outbox message",
                c -> giveUp(c, messageId, owner, errorCode, errorMessage, at), x -> true);
    }

    private StoredOutboxMessage giveUp(Connection c, long messageId, String owner, String errorCode, String errorMessage, Instant at) throws SQLException {
        StoredOutboxMessage m = locked(c, messageId);
        if (!owner.equals(m.leaseOwner()) || m.state() != DeliveryState.SENDING) {
            return m;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'FAILED', error_code = ?,"
                + " error_message = ?, updated_at = ? WHERE message_id = ? AND state IN ('QUEUED', 'SENDING')")) {
            ps.setString(1, errorCode);
            ps.setString(2, clip(errorMessage));
            ps.setTimestamp(3, ts(at));
            ps.setLong(4, messageId);
            ps.executeUpdate();
        }
        Map<DeliveryState, Integer> counts = counts(c, messageId);
        DeliveryState state = m.recipientCount() == 0 ? DeliveryState.FAILED : summary(counts);
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET state = ?, next_attempt_at = NULL,"
                + " lease_owner = NULL, lease_until = NULL, attempt_started_at = NULL, error_code = ?, error_message = ?,"
                + " updated_at = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, errorCode);
            ps.setString(3, clip(errorMessage));
            ps.setTimestamp(4, ts(at));
            ps.setLong(5, messageId);
            ps.executeUpdate();
        }
        return find(c, messageId).orElseThrow();
    }

    private StoredOutboxMessage locked(Connection c, long messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox_message WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("outbox message " + messageId + " is gone");
                }
                return withCounts(c, read(rs, Map.of()));
            }
        }
    }

    /**
     * What a message whose recipients are all past the queue amounts to: SENT while any is only sent,
     * then CONFIRMED or DELIVERED, and FAILED when none went out.
     */
    static DeliveryState summary(Map<DeliveryState, Integer> counts) {
        int sent = counts.getOrDefault(DeliveryState.SENT, 0);
        int confirmed = counts.getOrDefault(DeliveryState.CONFIRMED, 0);
        int delivered = counts.getOrDefault(DeliveryState.DELIVERED, 0);
        if (sent > 0) {
            return DeliveryState.SENT;
        }
        if (confirmed > 0) {
            return DeliveryState.CONFIRMED;
        }
        if (delivered > 0) {
            return DeliveryState.DELIVERED;
        }
        return counts.getOrDefault(DeliveryState.FAILED, 0) == 0 && counts.getOrDefault(DeliveryState.CANCELLED, 0) > 0
                ? DeliveryState.CANCELLED : DeliveryState.FAILED;
    }

    @Override
    public Optional<Boolean> retry(String key, Instant at) {
        return jdbc.retrying("retrying an outbox message", c -> {
            Optional<StoredOutboxMessage> m = find(c, key);
            if (m.isEmpty()) {
                return Optional.<Boolean>empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET state = 'QUEUED', next_attempt_at = ?,"
                    + " failures = 0, updated_at = ? WHERE id = ? AND state = 'FAILED'")) {
                ps.setTimestamp(1, ts(at));
                ps.setTimestamp(2, ts(at));
                ps.setLong(3, m.get().id());
                if (ps.executeUpdate() == 0) {
                    return Optional.of(false);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'QUEUED', chunk = NULL,"
                    + " attempt_started_at = NULL, error_code = NULL, error_message = NULL, updated_at = ?"
                    + " WHERE message_id = ? AND state = 'FAILED'")) {
                ps.setTimestamp(1, ts(at));
                ps.setLong(2, m.get().id());
                ps.executeUpdate();
            }
            return Optional.of(true);
        }, x -> true);
    }

    @Override
    public Optional<Boolean> cancel(String key, Instant at) {
        return jdbc.retrying("cancelling an outbox message", c -> {
            Optional<StoredOutboxMessage> m = find(c, key);
            if (m.isEmpty()) {
                return Optional.<Boolean>empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET state = 'CANCELLED',"
                    + " next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'QUEUED'")) {
                ps.setTimestamp(1, ts(at));
                ps.setLong(2, m.get().id());
                if (ps.executeUpdate() == 0) {
                    return Optional.of(false);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = 'CANCELLED', updated_at = ?"
                    + " WHERE message_id = ? AND state = 'QUEUED'")) {
                ps.setTimestamp(1, ts(at));
                ps.setLong(2, m.get().id());
                ps.executeUpdate();
            }
            return Optional.of(true);
        }, x -> true);
    }

    @Override
    public boolean report(String key, String channelType, String channelAccount, String providerMessageId,
            ChannelIdentity recipient, DeliveryState state, String errorCode, String errorMessage, Instant at) {
        return jdbc.retrying("recording a delivery report", c -> {
            Optional<Long> id = key != null ? find(c, key).map(StoredOutboxMessage::id)
                    : byProviderId(c, channelType, channelAccount, providerMessageId);
            if (id.isEmpty()) {
                return false;
            }
            StoredOutboxMessage m = locked(c, id.get());
            if (recipient != null && m.recipientCount() > 0) {
                // Only forward: a late "sent" never undoes "confirmed", and final states stay.
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_recipient SET state = ?, error_code = ?,"
                        + " error_message = ?, updated_at = ? WHERE message_id = ? AND id_type = ? AND namespace = ?"
                        + " AND id_value = ? AND state IN (" + before(state) + ")"
                        + (providerMessageId != null ? " AND (provider_message_id = ? OR provider_message_id IS NULL)" : ""))) {
                    ps.setString(1, state.name());
                    ps.setString(2, errorCode);
                    ps.setString(3, clip(errorMessage));
                    ps.setTimestamp(4, ts(at));
                    ps.setLong(5, m.id());
                    ps.setString(6, recipient.type().code());
                    ps.setString(7, recipient.namespace());
                    ps.setString(8, recipient.value());
                    if (providerMessageId != null) {
                        ps.setString(9, providerMessageId);
                    }
                    ps.executeUpdate();
                }
                Map<DeliveryState, Integer> counts = counts(c, m.id());
                boolean pending = counts.getOrDefault(DeliveryState.QUEUED, 0)
                        + counts.getOrDefault(DeliveryState.SENDING, 0) > 0;
                if (!pending && !m.state().isFinal() && m.state() != DeliveryState.SENDING
                        && m.state() != DeliveryState.QUEUED) {
                    setState(c, m.id(), summary(counts), null, null, at);
                }
                return true;
            }
            if (!m.state().isFinal() && rank(state) > rank(m.state()) && m.state() != DeliveryState.QUEUED) {
                setState(c, m.id(), state, errorCode, errorMessage, at);
            }
            return true;
        }, x -> true);
    }

    private Optional<Long> byProviderId(Connection c, String type, String account, String providerId)
            throws SQLException {
        if (providerId == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox_message WHERE provider_message_id = ?"
                + " AND channel_type = ? AND channel_account = ?")) {
            ps.setString(1, providerId);
            ps.setString(2, type);
            ps.setString(3, account);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(rs.getLong(1));
                }
            }
        }
        // Later chunks of a large message carry their own provider ids on the recipient rows.
        try (PreparedStatement ps = c.prepareStatement("SELECT r.message_id FROM outbox_recipient r JOIN outbox_message m"
                + " ON m.id = r.message_id WHERE r.provider_message_id = ? AND m.channel_type = ? AND m.channel_account = ?"
                + " FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, providerId);
            ps.setString(2, type);
            ps.setString(3, account);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private void setState(Connection c, long id, DeliveryState state, String code, String message, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_message SET state = ?,"
                + " error_code = COALESCE(?, error_code), error_message = COALESCE(?, error_message), updated_at = ?"
                + " WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, code);
            ps.setString(3, clip(message));
            ps.setTimestamp(4, ts(at));
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** The recipient states a report of {@code state} may move on from. */
    private static String before(DeliveryState state) {
        return java.util.Arrays.stream(DeliveryState.values())
                .filter(s -> !s.isFinal() && rank(s) < rank(state) && s != DeliveryState.QUEUED)
                .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "", ""))
                .transform(list -> list.isEmpty() ? "NULL" : list);
    }

    private static int rank(DeliveryState s) {
        switch (s) {
            case QUEUED:
                return 0;
            case SENDING:
                return 1;
            case SENT:
                return 2;
            default:
                return 3; // DELIVERED, CONFIRMED, FAILED, CANCELLED: final
        }
    }

    private StoredOutboxMessage read(ResultSet rs, Map<DeliveryState, Integer> counts) throws SQLException {
        return new StoredOutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                MessageKind.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7),
                DeliveryState.valueOf(rs.getString(8)), rs.getInt(9), rs.getInt(10), instant(rs.getTimestamp(11)),
                rs.getString(12), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getInt(18), counts, instant(rs.getTimestamp(19)),
                instant(rs.getTimestamp(20)));
    }

    private Timestamp ts(Instant instant) {
        return instants.convertToDatabaseColumn(instant);
    }

    private Instant instant(Timestamp timestamp) {
        return instants.convertToEntityAttribute(timestamp);
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }
}
