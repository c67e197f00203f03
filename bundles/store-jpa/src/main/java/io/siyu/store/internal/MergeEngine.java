package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.NotFoundException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.MergeReason;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.MergeStrategies;
import io.siyu.api.event.EventTypes;
import io.siyu.store.IdentityRepository;
import io.siyu.store.internal.MergeProfile.Attr;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges, links and undoes on one JDBC connection, inside the caller's transaction, so ingestion can
 * merge in the same transaction that stores its events. Customer rows are locked in id order before
 * anything is read; a row found gone (merged away by a concurrent transaction) raises
 * {@link JdbcTransactions.Stale} so the whole transaction runs again and re-resolves.
 */
final class MergeEngine {
    private static final String MERGE_COLUMNS = "id, survivor_id, merged_id, reason, id_type, namespace, id_value,"
            + " merged_by, merged_at, undone_at, undone_by";

    private final SchemaMigrator.Dialect dialect;
    private final TagSets tagSets;
    private final InstantConverter instants = new InstantConverter();

    MergeEngine(SchemaMigrator.Dialect dialect) {
        this.dialect = dialect;
        this.tagSets = TagSets.of(dialect);
    }

    /** What an undo did, for the repository to turn into an {@link io.siyu.api.customer.UndoResult}. */
    record Undone(MergeRecord merge, List<String> keptNewer, List<ChannelIdentity> notRestored) {
    }

    /** The live id for a customer id or an alias (aliases always name a live profile, or a deleted one). */
    Optional<Long> resolve(Connection c, long id) throws SQLException {
        if (exists(c, id)) {
            return Optional.of(id);
        }
        Optional<Long> target = single(c, "SELECT customer_id FROM customer_alias WHERE alias_id = ?", id);
        return target.isPresent() && exists(c, target.get()) ? target : Optional.empty();
    }

    /** Chunks of ids in IN lists: live ids map to themselves, aliases to their live profile. */
    java.util.Map<Long, Long> resolveAll(Connection c, long[] ids) throws SQLException {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        long[] distinct = java.util.Arrays.stream(ids).distinct().toArray();
        java.util.List<Long> missing = new java.util.ArrayList<>();
        for (long[] chunk : chunks(distinct)) {
            java.util.Set<Long> live = ids(c, "SELECT id, id FROM " + DerbyKeys.byCustomer(c, "customer") + " WHERE id IN ", chunk).keySet();
            for (long id : chunk) {
                if (live.contains(id)) {
                    out.put(id, id);
                } else {
                    missing.add(id);
                }
            }
        }
        java.util.Map<Long, Long> aliases = new java.util.HashMap<>();
        for (long[] chunk : chunks(missing.stream().mapToLong(Long::longValue).toArray())) {
            aliases.putAll(ids(c, "SELECT alias_id, customer_id FROM " + DerbyKeys.leadingWith(c, "customer_alias", "alias_id")
                    + " WHERE alias_id IN ", chunk));
        }
        java.util.Set<Long> targets = new java.util.HashSet<>();
        for (long[] chunk : chunks(aliases.values().stream().distinct().mapToLong(Long::longValue).toArray())) {
            targets.addAll(ids(c, "SELECT id, id FROM " + DerbyKeys.byCustomer(c, "customer") + " WHERE id IN ", chunk).keySet());
        }
        aliases.forEach((alias, target) -> {
            if (targets.contains(target)) {
                out.put(alias, target);
            }
        });
        return out;
    }

    private static java.util.List<long[]> chunks(long[] ids) {
        java.util.List<long[]> out = new java.util.ArrayList<>();
        for (int from = 0; from < ids.length; from += 500) {
            out.add(java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + 500)));
        }
        return out;
    }

    /** Two long columns of a query ending in "IN ", run for the chunk. */
    private static java.util.Map<Long, Long> ids(Connection c, String sql, long[] chunk) throws SQLException {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        String marks = String.join(",", java.util.Collections.nCopies(chunk.length, "?"));
        try (PreparedStatement ps = c.prepareStatement(sql + "(" + marks + ")")) {
            for (int i = 0; i < chunk.length; i++) {
                ps.setLong(i + 1, chunk[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    boolean exists(Connection c, long id) throws SQLException {
        return single(c, "SELECT id FROM customer WHERE id = ?", id).isPresent();
    }

    /**
     * Locks the customer row until commit and bumps its version; false if it is gone. On PostgreSQL
     * an UPDATE's row lock still lets other transactions insert rows referencing the customer (events,
     * consent), which a merge would then miss; FOR UPDATE blocks those inserts, and the writers of
     * tags, identities and attributes, which have no key to customer there (V21), lock the customer
     * row themselves before writing.
     */
    boolean lock(Connection c, long id) throws SQLException {
        if (dialect == SchemaMigrator.Dialect.POSTGRESQL
                && single(c, "SELECT id FROM customer WHERE id = ? FOR UPDATE", id).isEmpty()) {
            return false;
        }
        return update(c, "UPDATE customer SET version = version + 1 WHERE id = ?", id) == 1;
    }

    Optional<Long> ownerOf(Connection c, ChannelIdentity identity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customer_identity"
                + " WHERE id_type = ? AND namespace = ? AND id_value = ?")) {
            ps.setString(1, identity.type().name());
            ps.setString(2, identity.namespace());
            ps.setString(3, identity.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Adds an identity nobody holds to a live customer; throws Stale if the customer is gone. */
    void addIdentity(Connection c, long customerId, ChannelIdentity identity, Instant now) throws SQLException {
        if (!lock(c, customerId)) {
            throw new JdbcTransactions.Stale("customer " + customerId + " changed meanwhile");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_identity"
                + " (customer_id, id_type, namespace, id_value) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, customerId);
            ps.setString(2, identity.type().name());
            ps.setString(3, identity.namespace());
            ps.setString(4, identity.value());
            ps.executeUpdate();
        }
        touch(c, customerId, now);
        ChangeLog.record(c, List.of(customerId), now);
    }

    /** Links the identity to a live customer, merging with its holder; returns the live holder after. */
    long link(Connection c, long customerId, ChannelIdentity identity, String by, Instant now) throws SQLException {
        Optional<Long> owner = ownerOf(c, identity);
        if (owner.isEmpty()) {
            addIdentity(c, customerId, identity, now);
            return customerId;
        }
        if (owner.get() == customerId) {
            return customerId;
        }
        return merge(c, customerId, owner.get(), null, Map.of(customerId, identity, owner.get(), identity), by, now)
                .survivorId();
    }

    /**
     * Merges two live, distinct profiles.
     *
     * @param reason {@link MergeReason#EXPLICIT}, or null to derive {@link MergeReason#VISITOR_IDENTIFIED}
     *        (a visitor-only profile merged into a known one) or {@link MergeReason#SHARED_IDENTITY}
     * @param evidence per customer id, the identity it held that showed the two are one person
     */
    MergeRecord merge(Connection c, long a, long b, MergeReason reason, Map<Long, ChannelIdentity> evidence,
            String by, Instant now) throws SQLException {
        if (!lock(c, Math.min(a, b)) || !lock(c, Math.max(a, b))) {
            throw new JdbcTransactions.Stale("customer " + a + " or " + b + " was merged or deleted meanwhile");
        }
        MergeProfile pa = load(c, a);
        MergeProfile pb = load(c, b);
        MergeProfile s = pa.survivesOver(pb) ? pa : pb;
        MergeProfile m = s == pa ? pb : pa;
        CustomerLocks.exclusive(c, dialect, m.id()); // before its events are read and moved
        MergeReason why = reason != null ? reason
                : m.visitorOnly() && !s.visitorOnly() ? MergeReason.VISITOR_IDENTIFIED : MergeReason.SHARED_IDENTITY;
        ChannelIdentity shown = why == MergeReason.EXPLICIT ? null
                : evidence.getOrDefault(m.id(), evidence.get(s.id()));
        Map<String, Attr> attributes = AttributeMerge.attributes(s, m, strategies(c));
        String name = AttributeMerge.displayName(s, m);

        long mergeId = insertMerge(c, s, m, why, shown, name, by, now);
        snapshot(c, mergeId, s, m, attributes);

        update(c, "UPDATE customer_identity SET customer_id = ? WHERE customer_id = ?", s.id(), m.id());
        // a tag deleted meanwhile is not carried over, as its delete would have taken it off
        Set<Long> carried = new java.util.TreeSet<>(TagLinks.lockExistingTags(c, m.tags()));
        carried.removeAll(s.tags());
        tagSets.add(c, s.id(), carried);
        for (Map.Entry<String, Attr> e : attributes.entrySet()) {
            if (!e.getValue().equals(s.attributes().get(e.getKey()))) {
                setAttribute(c, s.id(), e.getKey(), e.getValue());
            }
        }
        remember(c, mergeId, "event", "SELECT seq FROM customer_event WHERE customer_id = ?", m.id());
        update(c, "UPDATE customer_event SET customer_id = ? WHERE customer_id = ?", s.id(), m.id());
        Set<String> channels = strings(c, "SELECT DISTINCT channel_type FROM consent_history WHERE customer_id = ?", m.id());
        remember(c, mergeId, "consent", "SELECT seq FROM consent_history WHERE customer_id = ?", m.id());
        update(c, "UPDATE consent_history SET customer_id = ? WHERE customer_id = ?", s.id(), m.id());
        remember(c, mergeId, "grant", "SELECT id FROM subscription_grant WHERE customer_id = ?", m.id());
        update(c, "UPDATE subscription_grant SET customer_id = ? WHERE customer_id = ?", s.id(), m.id());
        // Keep aliases flat: whatever resolved to the merged profile now resolves to the survivor.
        remember(c, mergeId, "alias", "SELECT alias_id FROM customer_alias WHERE customer_id = ?", m.id());
        update(c, "UPDATE customer_alias SET customer_id = ? WHERE customer_id = ?", s.id(), m.id());
        update(c, "INSERT INTO customer_alias (alias_id, customer_id, merge_id) VALUES (?, ?, ?)", m.id(), s.id(), mergeId);
        // What the merged-away profile still holds that the survivor did not take (older attribute
        // values): on PostgreSQL no key cascades these (V21). Its tags go with its row (TagSets).
        update(c, "DELETE FROM customer_attribute WHERE customer_id = ?", m.id());
        update(c, "DELETE FROM customer_identity WHERE customer_id = ?", m.id());
        update(c, "DELETE FROM customer WHERE id = ?", m.id());
        recomputeConsent(c, s.id(), channels);
        try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET display_name = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setTimestamp(2, instants.convertToDatabaseColumn(now));
            ps.setLong(3, s.id());
            ps.executeUpdate();
        }
        timelineEvent(c, "siyu-merge-" + mergeId, EventTypes.CUSTOMER_MERGED, s.id(), now,
                "{\"" + EventTypes.MERGE_ID + "\":" + mergeId + ",\"" + EventTypes.MERGED_ID + "\":" + m.id()
                        + ",\"reason\":\"" + why.name() + "\"}");
        ChangeLog.record(c, List.of(s.id(), m.id()), now);
        return new MergeRecord(mergeId, s.id(), m.id(), why, shown, by, now, null, null);
    }

    /**
     * Undoes a merge whose survivor is still live.
     *
     * @throws ConflictException if it is undone already, or a later merge took the survivor away
     */
    Undone undo(Connection c, long mergeId, String by, Instant now) throws SQLException {
        MergeRecord merge = findMerge(c, mergeId).orElseThrow(() -> new NotFoundException("merge", mergeId));
        long s = merge.survivorId();
        long m = merge.mergedId();
        if (merge.undone()) {
            throw alreadyUndone(merge);
        }
        if (!lock(c, s)) {
            Optional<MergeRecord> later = activeMergeOf(c, s);
            if (later.isPresent()) {
                throw new ConflictException("merge " + mergeId + " cannot be undone while merge " + later.get().id()
                        + " (customer " + s + " merged into " + later.get().survivorId() + ") stands: undo merge "
                        + later.get().id() + " first");
            }
            throw new ConflictException("merge " + mergeId + " cannot be undone: its survivor, customer " + s
                    + ", was deleted");
        }
        // Read again under the lock: a concurrent undo of the same merge may have won.
        merge = findMerge(c, mergeId).orElseThrow();
        if (merge.undone()) {
            throw alreadyUndone(merge);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer (id, display_name, created_at, updated_at, version)"
                + " SELECT merged_id, merged_name, merged_created_at, ?, merged_version + 1 FROM customer_merge WHERE id = ?")) {
            ps.setTimestamp(1, instants.convertToDatabaseColumn(now));
            ps.setLong(2, mergeId);
            ps.executeUpdate();
        }

        List<ChannelIdentity> notRestored = new ArrayList<>();
        for (ChannelIdentity i : identities(c, "SELECT id_type, namespace, id_value FROM merge_identity WHERE merge_id = ?", mergeId)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer_identity SET customer_id = ?"
                    + " WHERE customer_id = ? AND id_type = ? AND namespace = ? AND id_value = ?")) {
                ps.setLong(1, m);
                ps.setLong(2, s);
                ps.setString(3, i.type().name());
                ps.setString(4, i.namespace());
                ps.setString(5, i.value());
                if (ps.executeUpdate() == 0) {
                    notRestored.add(i);
                }
            }
        }
        // the tags given back, locked against their delete as every writer of links does (TagLinks)
        tagSets.add(c, m, TagLinks.lockExistingTags(c, longs(c, "SELECT tag_id FROM merge_tag WHERE merge_id = ?", mergeId)));
        tagSets.remove(c, s, longs(c, "SELECT tag_id FROM merge_tag WHERE merge_id = ? AND added_to_survivor = TRUE", mergeId));
        update(c, "INSERT INTO customer_attribute (customer_id, name, value_type, value_text)"
                + " SELECT CAST(? AS BIGINT), name, value_type, value_text FROM merge_attribute WHERE merge_id = ? AND side = 'M'",
                m, mergeId);
        List<String> keptNewer = restoreSurvivor(c, mergeId, s);

        update(c, "UPDATE customer_event SET customer_id = ? WHERE customer_id = ? AND seq IN"
                + " (SELECT row_id FROM merge_moved WHERE merge_id = ? AND kind = 'event')", m, s, mergeId);
        Set<String> channels = strings(c, "SELECT DISTINCT channel_type FROM consent_history WHERE seq IN"
                + " (SELECT row_id FROM merge_moved WHERE merge_id = ? AND kind = 'consent')", mergeId);
        update(c, "UPDATE consent_history SET customer_id = ? WHERE customer_id = ? AND seq IN"
                + " (SELECT row_id FROM merge_moved WHERE merge_id = ? AND kind = 'consent')", m, s, mergeId);
        recomputeConsent(c, s, channels);
        recomputeConsent(c, m, channels);
        update(c, "UPDATE subscription_grant SET customer_id = ? WHERE customer_id = ? AND id IN"
                + " (SELECT row_id FROM merge_moved WHERE merge_id = ? AND kind = 'grant')", m, s, mergeId);
        update(c, "DELETE FROM customer_alias WHERE alias_id = ?", m);
        update(c, "UPDATE customer_alias SET customer_id = ? WHERE customer_id = ? AND alias_id IN"
                + " (SELECT row_id FROM merge_moved WHERE merge_id = ? AND kind = 'alias')", m, s, mergeId);
        try (PreparedStatement ps = c.prepareStatement("UPDATE customer_merge SET undone_at = ?, undone_by = ? WHERE id = ?")) {
            ps.setTimestamp(1, instants.convertToDatabaseColumn(now));
            ps.setString(2, by);
            ps.setLong(3, mergeId);
            ps.executeUpdate();
        }
        touch(c, s, now);
        timelineEvent(c, "siyu-unmerge-" + mergeId, EventTypes.CUSTOMER_UNMERGED, s, now,
                "{\"" + EventTypes.MERGE_ID + "\":" + mergeId + ",\"" + EventTypes.MERGED_ID + "\":" + m + "}");
        ChangeLog.record(c, List.of(s, m), now);
        return new Undone(findMerge(c, mergeId).orElseThrow(), keptNewer, notRestored);
    }

    private static ConflictException alreadyUndone(MergeRecord merge) {
        return new ConflictException("merge " + merge.id() + " was already undone at " + merge.undoneAt()
                + " by " + merge.undoneBy());
    }

    /**
     * Gives the survivor back its pre-merge values for what the merge changed, except where it
     * changed them again since: those newer values stay, and are named in the result.
     */
    private List<String> restoreSurvivor(Connection c, long mergeId, long s) throws SQLException {
        List<String> keptNewer = new ArrayList<>();
        Map<String, Attr[]> changed = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, value_type, value_text, after_type, after_text"
                + " FROM merge_attribute WHERE merge_id = ? AND side = 'S' ORDER BY name")) {
            ps.setLong(1, mergeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Attr before = rs.getString(2) == null ? null : new Attr(rs.getString(2), rs.getString(3));
                    changed.put(rs.getString(1), new Attr[] {before, new Attr(rs.getString(4), rs.getString(5))});
                }
            }
        }
        Map<String, Attr> current = load(c, s).attributes();
        for (Map.Entry<String, Attr[]> e : changed.entrySet()) {
            if (Objects.equals(current.get(e.getKey()), e.getValue()[1])) {
                setAttribute(c, s, e.getKey(), e.getValue()[0]);
            } else {
                keptNewer.add(e.getKey());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT survivor_name_before, survivor_name_after, c.display_name"
                + " FROM customer_merge m, customer c WHERE m.id = ? AND c.id = ?")) {
            ps.setLong(1, mergeId);
            ps.setLong(2, s);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String before = rs.getString(1);
                String after = rs.getString(2);
                if (!before.equals(after)) {
                    if (after.equals(rs.getString(3))) {
                        try (PreparedStatement up = c.prepareStatement("UPDATE customer SET display_name = ? WHERE id = ?")) {
                            up.setString(1, before);
                            up.setLong(2, s);
                            up.executeUpdate();
                        }
                    } else {
                        keptNewer.add("displayName");
                    }
                }
            }
        }
        return keptNewer;
    }

    Optional<MergeRecord> findMerge(Connection c, long mergeId) throws SQLException {
        List<MergeRecord> found = merges(c, "SELECT " + MERGE_COLUMNS + " FROM customer_merge WHERE id = ?", mergeId);
        return found.stream().findFirst();
    }

    /** The standing merge that took this customer away, if any. */
    Optional<MergeRecord> activeMergeOf(Connection c, long mergedId) throws SQLException {
        return merges(c, "SELECT " + MERGE_COLUMNS + " FROM customer_merge WHERE merged_id = ? AND undone_at IS NULL",
                mergedId).stream().findFirst();
    }

    /** Merges involving the live customer or any of its aliases, newest first. */
    List<MergeRecord> history(Connection c, long customerId) throws SQLException {
        return merges(c, "SELECT " + MERGE_COLUMNS + " FROM customer_merge WHERE survivor_id = ? OR merged_id = ?"
                + " OR survivor_id IN (SELECT alias_id FROM customer_alias WHERE customer_id = ?)"
                + " OR merged_id IN (SELECT alias_id FROM customer_alias WHERE customer_id = ?) ORDER BY id DESC",
                customerId, customerId, customerId, customerId);
    }

    private List<MergeRecord> merges(Connection c, String sql, long... params) throws SQLException {
        List<MergeRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ChannelIdentity identity = rs.getString(5) == null ? null
                            : new ChannelIdentity(IdentityType.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7));
                    out.add(new MergeRecord(rs.getLong(1), rs.getLong(2), rs.getLong(3), MergeReason.valueOf(rs.getString(4)),
                            identity, rs.getString(8), instants.convertToEntityAttribute(rs.getTimestamp(9)),
                            instants.convertToEntityAttribute(rs.getTimestamp(10)), rs.getString(11)));
                }
            }
        }
        return out;
    }

    MergeStrategies strategies(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM siyu_setting WHERE name = ?")) {
            ps.setString(1, IdentityRepository.STRATEGIES_SETTING);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? MergeStrategies.decode(rs.getString(1)) : MergeStrategies.DEFAULT;
            }
        }
    }

    MergeProfile load(Connection c, long id) throws SQLException {
        String name;
        Instant created;
        Instant updated;
        long version;
        try (PreparedStatement ps = c.prepareStatement("SELECT display_name, created_at, updated_at, version FROM customer WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new JdbcTransactions.Stale("customer " + id + " is gone");
                }
                name = rs.getString(1);
                created = instants.convertToEntityAttribute(rs.getTimestamp(2));
                updated = instants.convertToEntityAttribute(rs.getTimestamp(3));
                version = rs.getLong(4);
            }
        }
        List<ChannelIdentity> identities = identities(c,
                "SELECT id_type, namespace, id_value FROM customer_identity WHERE customer_id = ?", id);
        Set<Long> tags = tagSets.read(c, id);
        Map<String, Attr> attributes = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, value_type, value_text FROM customer_attribute WHERE customer_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    attributes.put(rs.getString(1), new Attr(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return new MergeProfile(id, name, created, updated, version, identities, tags, attributes);
    }

    private long insertMerge(Connection c, MergeProfile s, MergeProfile m, MergeReason why, ChannelIdentity shown,
            String name, String by, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_merge (survivor_id, merged_id, reason,"
                + " id_type, namespace, id_value, merged_by, merged_at, merged_name, merged_created_at, merged_updated_at,"
                + " merged_version, survivor_name_before, survivor_name_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, s.id());
            ps.setLong(2, m.id());
            ps.setString(3, why.name());
            ps.setString(4, shown == null ? null : shown.type().name());
            ps.setString(5, shown == null ? null : shown.namespace());
            ps.setString(6, shown == null ? null : shown.value());
            ps.setString(7, by);
            ps.setTimestamp(8, instants.convertToDatabaseColumn(now));
            ps.setString(9, m.name());
            ps.setTimestamp(10, instants.convertToDatabaseColumn(m.createdAt()));
            ps.setTimestamp(11, instants.convertToDatabaseColumn(m.updatedAt()));
            ps.setLong(12, m.version());
            ps.setString(13, s.name());
            ps.setString(14, name);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** What undo needs that the merge itself destroys or overwrites. */
    private void snapshot(Connection c, long mergeId, MergeProfile s, MergeProfile m, Map<String, Attr> attributes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO merge_identity (merge_id, id_type, namespace, id_value)"
                + " VALUES (?, ?, ?, ?)")) {
            for (ChannelIdentity i : m.identities()) {
                ps.setLong(1, mergeId);
                ps.setString(2, i.type().name());
                ps.setString(3, i.namespace());
                ps.setString(4, i.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO merge_tag (merge_id, tag_id, added_to_survivor) VALUES (?, ?, ?)")) {
            for (long tag : m.tags()) {
                ps.setLong(1, mergeId);
                ps.setLong(2, tag);
                ps.setBoolean(3, !s.tags().contains(tag));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO merge_attribute"
                + " (merge_id, side, name, value_type, value_text, after_type, after_text) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Attr> e : m.attributes().entrySet()) {
                attributeRow(ps, mergeId, "M", e.getKey(), e.getValue(), null);
            }
            for (Map.Entry<String, Attr> e : attributes.entrySet()) {
                Attr before = s.attributes().get(e.getKey());
                if (!e.getValue().equals(before)) {
                    attributeRow(ps, mergeId, "S", e.getKey(), before, e.getValue());
                }
            }
            ps.executeBatch();
        }
    }

    private static void attributeRow(PreparedStatement ps, long mergeId, String side, String name, Attr value, Attr after)
            throws SQLException {
        ps.setLong(1, mergeId);
        ps.setString(2, side);
        ps.setString(3, name);
        ps.setString(4, value == null ? null : value.type());
        ps.setString(5, value == null ? null : value.text());
        ps.setString(6, after == null ? null : after.type());
        ps.setString(7, after == null ? null : after.text());
        ps.addBatch();
    }

    /** Sets or (for null) removes one attribute. */
    private static void setAttribute(Connection c, long customerId, String name, Attr value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_attribute WHERE customer_id = ? AND name = ?")) {
            ps.setLong(1, customerId);
            ps.setString(2, name);
            ps.executeUpdate();
        }
        if (value != null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_attribute"
                    + " (customer_id, name, value_type, value_text) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, customerId);
                ps.setString(2, name);
                ps.setString(3, value.type());
                ps.setString(4, value.text());
                ps.executeUpdate();
            }
        }
    }

    /**
     * Current consent per channel is the latest statement in the history (the later changedAt; on a
     * tie, the one recorded last), so after history rows move it is derived again.
     */
    private void recomputeConsent(Connection c, long customerId, Set<String> channels) throws SQLException {
        for (String channel : channels) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_consent WHERE customer_id = ? AND channel_type = ?")) {
                ps.setLong(1, customerId);
                ps.setString(2, channel);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, changed_at, source FROM consent_history"
                    + " WHERE customer_id = ? AND channel_type = ? ORDER BY changed_at DESC, seq DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setLong(1, customerId);
                ps.setString(2, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        try (PreparedStatement in = c.prepareStatement("INSERT INTO customer_consent"
                                + " (customer_id, channel_type, state, changed_at, source) VALUES (?, ?, ?, ?, ?)")) {
                            in.setLong(1, customerId);
                            in.setString(2, channel);
                            in.setString(3, rs.getString(1));
                            in.setTimestamp(4, rs.getTimestamp(2));
                            in.setString(5, rs.getString(3));
                            in.executeUpdate();
                        }
                    }
                }
            }
        }
    }

    private void timelineEvent(Connection c, String eventId, String type, long customerId, Instant now, String json)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_event"
                + " (event_id, customer_id, event_type, channel, occurred_at, received_at, properties) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp at = instants.convertToDatabaseColumn(now);
            ps.setString(1, eventId);
            ps.setLong(2, customerId);
            ps.setString(3, type);
            ps.setString(4, "siyu");
            ps.setTimestamp(5, at);
            ps.setTimestamp(6, at);
            ps.setString(7, json);
            ps.executeUpdate();
        }
    }

    private void touch(Connection c, long customerId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET updated_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, instants.convertToDatabaseColumn(now));
            ps.setLong(2, customerId);
            ps.executeUpdate();
        }
    }

    /** Records which rows of a kind are about to move, so undo moves exactly those back. */
    private static void remember(Connection c, long mergeId, String kind, String select, long customerId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setLong(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO merge_moved (merge_id, kind, row_id) VALUES (?, ?, ?)")) {
            for (long id : ids) {
                ps.setLong(1, mergeId);
                ps.setString(2, kind);
                ps.setLong(3, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<ChannelIdentity> identities(Connection c, String sql, long id) throws SQLException {
        List<ChannelIdentity> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChannelIdentity(IdentityType.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    private static Set<String> strings(Connection c, String sql, long id) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Set<Long> longs(Connection c, String sql, long id) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static Optional<Long> single(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static int update(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
