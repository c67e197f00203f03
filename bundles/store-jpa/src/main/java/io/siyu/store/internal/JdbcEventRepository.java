package io.siyu.store.internal;

import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.customer.ChannelIdentity;

import io.siyu.api.event.IngestResult;
import io.siyu.store.EventRepository;
import io.siyu.store.NewEvent;
import io.siyu.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The timeline in plain JDBC: a batch of thousands of events is a handful of batched statements in
 * one transaction, which EclipseLink's per-entity writes could not match.
 */
final class JdbcEventRepository implements EventRepository {
    /** Bound parameters per IN list; Derby and PostgreSQL both take this comfortably. */
    private static final int IN_CHUNK = 500;

    private final JdbcTransactions jdbc;
    private final SchemaMigrator.Dialect dialect;
    private final InstantConverter instants = new InstantConverter();
    private final MergeEngine merges;

    JdbcEventRepository(DataSource dataSource, SchemaMigrator.Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
        this.merges = new MergeEngine(dialect);
    }

    @Override
    public IngestResult ingest(List<NewEvent> events, Instant receivedAt, String by) {
        // Retried as a whole when a concurrent merge took a named customer away mid-way (or two
        // batches raced to create the same identity): the retry resolves aliases and owners again.
        return jdbc.retrying("storing events", c -> ingest(c, events, receivedAt, by), IngestResult::ok);
    }

    IngestResult ingest(Connection c, List<NewEvent> events, Instant receivedAt, String by) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        Set<Long> named = new HashSet<>();
        events.stream().filter(e -> e.customerId() != null).forEach(e -> named.add(e.customerId()));
        Map<Long, Long> live = liveCustomers(c, named);
        for (int i = 0; i < events.size(); i++) {
            Long id = events.get(i).customerId();
            if (id != null && !live.containsKey(id)) {
                errors.add(FieldError.of("events[" + i + "].customerId", "no customer with id " + id));
            }
        }
        if (!errors.isEmpty()) {
            return IngestResult.rejected(errors);
        }

        Set<String> seen = new HashSet<>(storedEventIds(c, events));
        List<NewEvent> fresh = new ArrayList<>();
        for (NewEvent e : events) {
            if (seen.add(e.id())) {
                fresh.add(e);
            }
        }
        Resolution r = new Resolution(live);
        lookUpOwners(c, fresh, r.owners);
        int created = link(c, fresh, r, receivedAt, by);
        created += createMissing(c, fresh, r, receivedAt);

        if (!fresh.isEmpty()) {
            Commits.changed();
        }
        if (dialect == SchemaMigrator.Dialect.POSTGRESQL) {
            // customer_event has no key to customer there (schema 24): lock, then check (CustomerLocks)
            Set<Long> targets = r.existingTargets(fresh);
            CustomerLocks.shared(c, dialect, targets);
            if (existingCustomers(c, targets).size() != targets.size()) {
                throw new JdbcTransactions.Stale("a customer of the batch was merged or deleted meanwhile");
            }
        }
        if (CopySupport.usable(c, dialect)) {
            copyEvents(c, fresh, r, receivedAt);
        } else {
            insertEvents(c, fresh, r, instants.convertToDatabaseColumn(receivedAt));
        }
        FollowEvents.record(c, fresh);
        return new IngestResult(fresh.size(), events.size() - fresh.size(), created, List.of());
    }

    /** Rows per multi-row INSERT: Derby opens its indexes and checks once per statement, not per row. */
    static final int ROWS_PER_INSERT = 100;
    private static final String EVENT_INSERT = "INSERT INTO customer_event"
            + " (event_id, customer_id, event_type, channel, occurred_at, received_at, properties, amount) VALUES ";
    private static final String EVENT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * The batch's new events as INSERTs of {@value #ROWS_PER_INSERT} rows each (one statement text,
     * compiled once and cached) and a batched single-row INSERT for the rest: on Derby a batch of
     * single-row INSERTs pays the per-statement work (index and foreign-key checkers, identity
     * value) for every row.
     */
    private void insertEvents(Connection c, List<NewEvent> fresh, Resolution r, Timestamp received) throws SQLException {
        int full = fresh.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        if (full > 0) {
            try (PreparedStatement ps = c.prepareStatement(EVENT_INSERT
                    + String.join(", ", java.util.Collections.nCopies(ROWS_PER_INSERT, EVENT_ROW)))) {
                for (int from = 0; from < full; from += ROWS_PER_INSERT) {
                    for (int k = 0; k < ROWS_PER_INSERT; k++) {
                        bindEvent(ps, k * 8, fresh.get(from + k), r, received);
                    }
                    ps.executeUpdate();
                }
            }
        }
        if (full < fresh.size()) {
            try (PreparedStatement ps = c.prepareStatement(EVENT_INSERT + EVENT_ROW)) {
                for (NewEvent e : fresh.subList(full, fresh.size())) {
                    bindEvent(ps, 0, e, r, received);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private void bindEvent(PreparedStatement ps, int at, NewEvent e, Resolution r, Timestamp received) throws SQLException {
        ps.setString(at + 1, e.id());
        ps.setLong(at + 2, r.customerOf(e));
        ps.setString(at + 3, e.type());
        ps.setString(at + 4, e.channel());
        ps.setTimestamp(at + 5, instants.convertToDatabaseColumn(e.occurredAt()));
        ps.setTimestamp(at + 6, received);
        ps.setString(at + 7, e.propertiesJson());
        ps.setBigDecimal(at + 8, e.amount());
    }

    /** The batch's new events as one COPY stream: the same rows as the batched INSERT above. */
    private static void copyEvents(Connection c, List<NewEvent> fresh, Resolution r, Instant receivedAt) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PgCopy copy = PgCopy.into(c, "customer_event",
                "event_id, customer_id, event_type, channel, occurred_at, received_at, properties, amount")) {
            for (NewEvent e : fresh) {
                copy.text(e.id()).number(r.customerOf(e)).text(e.type()).text(e.channel())
                        .timestamp(e.occurredAt()).timestamp(receivedAt).text(e.propertiesJson()).decimal(e.amount())
                        .endRow();
            }
            copy.finish();
        }
    }

    /**
     * Where the customers of one batch are: named ids (aliases resolved), identity owners, and the
     * merges done while storing the batch, which later events must follow.
     */
    private static final class Resolution {
        final Map<Long, Long> live;
        final Map<ChannelIdentity, Long> owners = new HashMap<>();
        final Map<Long, Long> mergedInto = new HashMap<>();
        final Map<NewEvent, Long> linked = new HashMap<>();
        final CustomerSeq ids = new CustomerSeq();
        final Set<Long> created = new HashSet<>();

        Resolution(Map<Long, Long> live) {
            this.live = live;
        }

        long follow(long id) {
            Long next;
            while ((next = mergedInto.get(id)) != null) {
                id = next;
            }
            return id;
        }

        long customerOf(NewEvent e) {
            Long id = linked.get(e);
            if (id == null) {
                id = e.customerId() != null ? live.get(e.customerId()) : owners.get(e.identity());
            }
            return follow(id);
        }

        /** The customers the events go to that were there before this transaction. */
        Set<Long> existingTargets(List<NewEvent> events) {
            Set<Long> targets = new HashSet<>();
            for (NewEvent e : events) {
                long id = customerOf(e);
                if (!created.contains(id)) {
                    targets.add(id);
                }
            }
            return targets;
        }
    }

    /** Named customer ids mapped to the live profile: themselves, or the survivor an alias names. */
    private Map<Long, Long> liveCustomers(Connection c, Set<Long> ids) throws SQLException {
        Map<Long, Long> live = new HashMap<>();
        for (long id : existingCustomers(c, ids)) {
            live.put(id, id);
        }
        for (long id : ids) {
            if (!live.containsKey(id)) {
                merges.resolve(c, id).ifPresent(target -> live.put(id, target));
            }
        }
        return live;
    }

    /**
     * Events naming several identities: link them all to one profile, merging the profiles that
     * hold them. A batch's own merges are followed by its later events.
     */
    private int link(Connection c, List<NewEvent> fresh, Resolution r, Instant now, String by) throws SQLException {
        int created = 0;
        for (NewEvent e : fresh) {
            if (e.links().isEmpty()) {
                continue;
            }
            Set<ChannelIdentity> identities = new java.util.LinkedHashSet<>();
            if (e.identity() != null) {
                identities.add(e.identity());
            }
            identities.addAll(e.links());
            java.util.TreeSet<Long> holders = new java.util.TreeSet<>();
            Map<Long, ChannelIdentity> evidence = new HashMap<>();
            if (e.customerId() != null) {
                holders.add(r.follow(r.live.get(e.customerId())));
            }
            for (ChannelIdentity i : identities) {
                Long owner = r.owners.get(i);
                if (owner != null) {
                    holders.add(r.follow(owner));
                    evidence.putIfAbsent(r.follow(owner), i);
                }
            }
            long target;
            if (holders.isEmpty()) {
                ChannelIdentity first = identities.iterator().next();
                target = create(c, r, List.of(first), now).get(0);
                r.owners.put(first, target);
                created++;
            } else {
                target = holders.first();
                for (long other : holders.tailSet(target, false)) {
                    long into = r.follow(target);
                    if (into == r.follow(other)) {
                        continue;
                    }
                    Map<Long, ChannelIdentity> shown = new HashMap<>(evidence);
                    // an identity nobody held yet is evidence too: it was seen with both
                    identities.stream().filter(i -> !r.owners.containsKey(i)).findFirst()
                            .ifPresent(i -> shown.putIfAbsent(into, i));
                    io.siyu.api.customer.MergeRecord m = merges.merge(c, into, r.follow(other), null, shown, by, now);
                    r.mergedInto.put(m.mergedId(), m.survivorId());
                    target = m.survivorId();
                }
            }
            for (ChannelIdentity i : identities) {
                if (!r.owners.containsKey(i)) {
                    merges.addIdentity(c, target, i, now);
                    r.owners.put(i, target);
                }
            }
            r.linked.put(e, target);
        }
        return created;
    }

    /** Finds the owner of every identity in the batch (see {@link IdentityOwners}). */
    private void lookUpOwners(Connection c, List<NewEvent> events, Map<ChannelIdentity, Long> owners) throws SQLException {
        Map<ChannelIdentity, Long> wanted = new LinkedHashMap<>();
        for (NewEvent e : events) {
            if (e.identity() != null) {
                wanted.put(e.identity(), null);
            }
            e.links().forEach(i -> wanted.put(i, null));
        }
        IdentityOwners.lookUp(c, dialect, wanted.keySet(), owners);
    }

    /** Creates a customer for every identity that names an event's customer and nobody holds yet. */
    private int createMissing(Connection c, List<NewEvent> events, Resolution r, Instant now) throws SQLException {
        Set<ChannelIdentity> missing = new java.util.LinkedHashSet<>();
        events.stream().filter(e -> e.identity() != null && !r.owners.containsKey(e.identity()))
                .forEach(e -> missing.add(e.identity()));
        if (missing.isEmpty()) {
            return 0;
        }
        List<ChannelIdentity> list = new ArrayList<>(missing);
        List<Long> ids = create(c, r, list, now);
        for (int i = 0; i < list.size(); i++) {
            r.owners.put(list.get(i), ids.get(i));
        }
        return list.size();
    }

    /** One customer per identity, named by it, with ids from customer_seq blocks shared with EclipseLink. */
    private List<Long> create(Connection c, Resolution r, List<ChannelIdentity> identities, Instant now) throws SQLException {
        List<Long> ids = new ArrayList<>(identities.size());
        for (int k = 0; k < identities.size(); k++) {
            ids.add(r.ids.next(c, dialect, identities.size() - k));
        }
        r.created.addAll(ids);
        if (CopySupport.usable(c, dialect) && identities.size() > 1) {
            try (PgCopy customers = PgCopy.into(c, "customer", "id, display_name, created_at, updated_at, version")) {
                for (int k = 0; k < identities.size(); k++) {
                    customers.number(ids.get(k)).text(displayName(identities.get(k))).timestamp(now).timestamp(now)
                            .number(1).endRow();
                }
                customers.finish();
            }
            try (PgCopy rows = PgCopy.into(c, "customer_identity", "customer_id, id_type, namespace, id_value")) {
                for (int k = 0; k < identities.size(); k++) {
                    ChannelIdentity i = identities.get(k);
                    rows.number(ids.get(k)).text(i.type().name()).text(i.namespace()).text(i.value()).endRow();
                }
                rows.finish();
            }
            ChangeLog.copyBorn(c, ids, now);
            return ids;
        }
        Timestamp at = instants.convertToDatabaseColumn(now);
        try (PreparedStatement customer = c.prepareStatement("INSERT INTO customer"
                + " (id, display_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, 1)");
                PreparedStatement identity = c.prepareStatement("INSERT INTO customer_identity"
                        + " (customer_id, id_type, namespace, id_value) VALUES (?, ?, ?, ?)")) {
            for (int k = 0; k < identities.size(); k++) {
                ChannelIdentity i = identities.get(k);
                long id = ids.get(k);
                customer.setLong(1, id);
                customer.setString(2, displayName(i));
                customer.setTimestamp(3, at);
                customer.setTimestamp(4, at);
                customer.addBatch();
                identity.setLong(1, id);
                identity.setString(2, i.type().name());
                identity.setString(3, i.namespace());
                identity.setString(4, i.value());
                identity.addBatch();
            }
            customer.executeBatch();
            identity.executeBatch();
        }
        ChangeLog.recordBorn(c, ids, now);
        return ids;
    }

    Set<Long> existingCustomers(Connection c, Set<Long> ids) throws SQLException {
        Set<Long> found = new HashSet<>();
        if (dialect == SchemaMigrator.Dialect.POSTGRESQL && !ids.isEmpty()) {
            // one round trip for the whole batch; the primary key is probed once per id
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customer WHERE id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray(new Long[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
            }
            return found;
        }
        for (List<Long> chunk : chunks(new ArrayList<>(ids))) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + DerbyKeys.byCustomer(c, "customer")
                    + " WHERE id IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
            }
        }
        return found;
    }

    private Set<String> storedEventIds(Connection c, List<NewEvent> events) throws SQLException {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.id()));
        Set<String> stored = new HashSet<>();
        if (dialect == SchemaMigrator.Dialect.POSTGRESQL) {
            // one round trip; LATERAL … LIMIT 1 probes the unique index per id whatever the statistics say
            try (PreparedStatement ps = c.prepareStatement("SELECT v.event_id FROM unnest(?::varchar[]) AS v(event_id)"
                    + " CROSS JOIN LATERAL (SELECT 1 FROM customer_event e WHERE e.event_id = v.event_id LIMIT 1) x")) {
                ps.setArray(1, c.createArrayOf("varchar", ids.toArray(new String[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
            }
            return stored;
        }
        for (List<String> chunk : chunks(new ArrayList<>(ids))) {
            // Derby's optimiser scans the table for long IN lists unless told to use the unique index;
            // PostgreSQL reads the override as a comment.
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM customer_event"
                    + " --DERBY-PROPERTIES constraint=UQ_CUSTOMER_EVENT_ID\n"
                    + " WHERE event_id IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
            }
        }
        return stored;
    }

    /** A name people can recognise for a profile known only by one identity. */
    static String displayName(ChannelIdentity identity) {
        return switch (identity.type()) {
            case PHONE, EMAIL -> identity.value();
            case VISITOR -> "访客 " + identity.value();
            default -> identity.type().code() + " " + identity.value();
        };
    }

    @Override
    public Page<StoredEvent> timeline(long customerId, PageRequest page) {
        return jdbc.read("reading the timeline", c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customer_event WHERE customer_id = ?")) {
                ps.setLong(1, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<StoredEvent> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, event_type, occurred_at, channel, properties"
                    + " FROM customer_event WHERE customer_id = ? ORDER BY occurred_at DESC, seq DESC"
                    + " OFFSET " + page.offset() + " ROWS FETCH NEXT " + page.limit() + " ROWS ONLY")) {
                ps.setLong(1, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new StoredEvent(rs.getString(1), rs.getString(2),
                                instants.convertToEntityAttribute(rs.getTimestamp(3)), rs.getString(4), customerId,
                                rs.getString(5)));
                    }
                }
            }
            return new Page<>(items, total, page.offset(), page.limit());
        });
    }

    @Override
    public java.util.Optional<StoredEvent> latest(long customerId, String type) {
        return jdbc.read("reading the newest " + type + " event", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, event_type, occurred_at, channel, properties"
                    + " FROM customer_event WHERE customer_id = ? AND event_type = ?"
                    + " ORDER BY occurred_at DESC, seq DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setLong(1, customerId);
                ps.setString(2, type);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(new StoredEvent(rs.getString(1), rs.getString(2),
                            instants.convertToEntityAttribute(rs.getTimestamp(3)), rs.getString(4), customerId,
                            rs.getString(5))) : java.util.Optional.<StoredEvent>empty();
                }
            }
        });
    }

    @Override
    public boolean exists(String eventId) {
        return jdbc.read("looking up an event", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM customer_event WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public long count() {
        return jdbc.read("counting events", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM customer_event")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

}
