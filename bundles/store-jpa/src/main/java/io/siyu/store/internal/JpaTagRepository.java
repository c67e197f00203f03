package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.NotFoundException;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagUpdate;
import io.siyu.store.NewTag;
import io.siyu.store.Retagged;
import io.siyu.store.TagRepository;
import io.siyu.store.internal.TagHistory.TagRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.persistence.EntityManager;
import javax.sql.DataSource;

/**
 * Groups and tag definitions through JPA; putting tags on and off many customers, deleting tags
 * with their history and the reads of auto tag rules in plain JDBC, which writes thousands of rows
 * in a handful of batched statements.
 */
final class JpaTagRepository implements TagRepository {
    /** Who the timeline names for changes made through the first API version's methods. */
    static final String SYSTEM = "system";

    private final Transactions tx;
    private final JdbcTransactions jdbc;

    JpaTagRepository(Transactions tx, DataSource dataSource) {
        this.tx = tx;
        this.jdbc = new JdbcTransactions(dataSource);
    }

    // --- tags, first API version ---

    @Override
    public Tag insert(TagDraft draft, Instant now) {
        return tx.inTransaction(em -> {
            TagGroupEntity group = groupByName(em, draft.group()).orElseGet(() -> {
                TagGroupEntity g = new TagGroupEntity(draft.group(), 0, null, now);
                em.persist(g);
                em.flush();
                return g;
            });
            return persist(em, new NewTag(group.id(), draft.name(), draft.kind(), 0, null, null, null), group, now).toApi();
        });
    }

    @Override
    public List<Tag> list() {
        return tx.inTransaction(em -> em.createQuery(
                "SELECT t FROM TagEntity t ORDER BY t.group, t.name", TagEntity.class)
                .getResultList().stream().map(TagEntity::toApi).toList());
    }

    @Override
    public Optional<Tag> find(long id) {
        return tx.inTransaction(em -> Optional.ofNullable(em.find(TagEntity.class, id)).map(TagEntity::toApi));
    }

    @Override
    public boolean delete(long id, Instant now) {
        return delete(id, SYSTEM, now);
    }

    // --- groups ---

    @Override
    public List<TagGroup> groups() {
        return tx.inTransaction(em -> em.createQuery("SELECT g FROM TagGroupEntity g ORDER BY g.sortOrder, g.name",
                TagGroupEntity.class).getResultList().stream().map(TagGroupEntity::toApi).toList());
    }

    @Override
    public Optional<TagGroup> findGroup(long id) {
        return tx.inTransaction(em -> Optional.ofNullable(em.find(TagGroupEntity.class, id)).map(TagGroupEntity::toApi));
    }

    @Override
    public Optional<TagGroup> findGroupByName(String name) {
        return tx.inTransaction(em -> groupByName(em, name).map(TagGroupEntity::toApi));
    }

    private static Optional<TagGroupEntity> groupByName(EntityManager em, String name) {
        return em.createQuery("SELECT g FROM TagGroupEntity g WHERE g.name = :n", TagGroupEntity.class)
                .setParameter("n", name).setMaxResults(1).getResultList().stream().findFirst();
    }

    @Override
    public TagGroup insertGroup(TagGroupDraft draft, Instant now) {
        return tx.inTransaction(em -> {
            if (groupByName(em, draft.name()).isPresent()) {
                throw new ConflictException("there is already a tag group named '" + draft.name() + "'");
            }
            TagGroupEntity g = new TagGroupEntity(draft.name(), draft.order() == null ? 0 : draft.order(),
                    blankToNull(draft.externalId()), now);
            em.persist(g);
            em.flush();
            return g.toApi();
        });
    }

    @Override
    public Optional<TagGroup> updateGroup(long id, TagGroupDraft draft, Instant now) {
        return tx.inTransaction(em -> {
            TagGroupEntity g = em.find(TagGroupEntity.class, id);
            if (g == null) {
                return Optional.empty();
            }
            if (draft.name() != null && !draft.name().equals(g.name())) {
                if (groupByName(em, draft.name()).isPresent()) {
                    throw new ConflictException("there is already a tag group named '" + draft.name() + "'");
                }
                g.rename(draft.name());
                em.createQuery("SELECT t FROM TagEntity t WHERE t.groupId = :g", TagEntity.class)
                        .setParameter("g", id).getResultList().forEach(t -> t.moveTo(g));
            }
            if (draft.order() != null) {
                g.order(draft.order());
            }
            if (draft.externalId() != null) {
                g.externalId(blankToNull(draft.externalId()));
            }
            em.flush();
            return Optional.of(g.toApi());
        });
    }

    @Override
    public boolean deleteGroup(long id, boolean force, String by, Instant now) {
        return jdbc.inTransaction("deleting a tag group", c -> {
            List<Long> tags = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tag WHERE group_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tags.add(rs.getLong(1));
                    }
                }
            }
            if (!tags.isEmpty() && !force) {
                throw new ConflictException("tag group " + id + " still has " + tags.size()
                        + " tag(s); move or delete them first, or delete with force");
            }
            for (long tagId : tags) {
                deleteTag(c, tagId, by, now);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tag_group WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        }, deleted -> true);
    }

    // --- tag definitions ---

    @Override
    public TagDefinition insert(NewTag tag, Instant now) {
        return tx.inTransaction(em -> {
            TagGroupEntity group = em.find(TagGroupEntity.class, tag.groupId());
            if (group == null) {
                throw new NotFoundException("tag group", tag.groupId());
            }
            return persist(em, tag, group, now).toDefinition();
        });
    }

    private static TagEntity persist(EntityManager em, NewTag tag, TagGroupEntity group, Instant now) {
        String owner = tag.owner() == null ? TagEntity.NO_OWNER : tag.owner();
        if (tagByName(em, group.id(), tag.name(), owner).isPresent()) {
            throw new ConflictException("tag group '" + group.name() + "' already has a tag named '" + tag.name() + "'"
                    + (owner.isEmpty() ? "" : " for " + owner));
        }
        TagEntity e = new TagEntity(group, tag.name(), tag.kind(), now);
        e.order(tag.order());
        e.externalId(blankToNull(tag.externalId()));
        e.owner(tag.owner());
        e.rule(tag.rule());
        em.persist(e);
        em.flush();
        return e;
    }

    private static Optional<TagEntity> tagByName(EntityManager em, long groupId, String name, String owner) {
        return em.createQuery("SELECT t FROM TagEntity t WHERE t.groupId = :g AND t.name = :n AND t.owner = :o",
                TagEntity.class).setParameter("g", groupId).setParameter("n", name).setParameter("o", owner)
                .setMaxResults(1).getResultList().stream().findFirst();
    }

    @Override
    public List<TagDefinition> definitions() {
        return tx.inTransaction(em -> {
            Map<Long, Integer> groupOrder = new HashMap<>();
            em.createQuery("SELECT g FROM TagGroupEntity g", TagGroupEntity.class).getResultList()
                    .forEach(g -> groupOrder.put(g.id(), g.toApi().order()));
            return em.createQuery("SELECT t FROM TagEntity t", TagEntity.class).getResultList().stream()
                    .map(TagEntity::toDefinition)
                    .sorted(java.util.Comparator.<TagDefinition>comparingInt(t -> groupOrder.getOrDefault(t.groupId(), 0))
                            .thenComparing(TagDefinition::group).thenComparingInt(TagDefinition::order)
                            .thenComparing(TagDefinition::name).thenComparingLong(TagDefinition::id))
                    .toList();
        });
    }

    @Override
    public Optional<TagDefinition> findDefinition(long id) {
        return tx.inTransaction(em -> Optional.ofNullable(em.find(TagEntity.class, id)).map(TagEntity::toDefinition));
    }

    @Override
    public Optional<TagDefinition> update(long id, TagUpdate update, Instant now) {
        return tx.inTransaction(em -> {
            TagEntity t = em.find(TagEntity.class, id);
            if (t == null) {
                return Optional.empty();
            }
            TagDefinition before = t.toDefinition();
            TagGroupEntity group = null;
            if (update.groupId() != null && update.groupId() != before.groupId()) {
                group = em.find(TagGroupEntity.class, update.groupId());
                if (group == null) {
                    throw new NotFoundException("tag group", update.groupId());
                }
            }
            String name = update.name() == null ? before.name() : update.name();
            long groupId = group == null ? before.groupId() : group.id();
            if ((group != null || !name.equals(before.name()))) {
                String owner = before.owner() == null ? TagEntity.NO_OWNER : before.owner();
                Optional<TagEntity> clash = tagByName(em, groupId, name, owner);
                if (clash.isPresent() && clash.get().id() != id) {
                    throw new ConflictException("tag group already has a tag named '" + name + "'");
                }
            }
            if (group != null) {
                t.moveTo(group);
            }
            t.rename(name);
            if (update.order() != null) {
                t.order(update.order());
            }
            if (update.externalId() != null) {
                t.externalId(blankToNull(update.externalId()));
            }
            if (update.rule() != null) {
                t.rule(update.rule());
            }
            em.flush();
            return Optional.of(t.toDefinition());
        });
    }

    @Override
    public boolean delete(long id, String by, Instant now) {
        return jdbc.inTransaction("deleting a tag", c -> deleteTag(c, id, by, now), deleted -> true);
    }

    /** Takes the tag off every holder (on their timelines) and deletes it; false if there is none. */
    private static boolean deleteTag(Connection c, long id, String by, Instant now) throws SQLException {
        if (SchemaMigrator.Dialect.of(c) == SchemaMigrator.Dialect.POSTGRESQL) {
            // the lock the key to tag took (V25): waits for writers holding the tag key-share, whose
            // links the delete below then sees; writers after this one find the tag gone
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tag WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                ps.executeQuery().close();
            }
        }
        Optional<TagRef> tag = lockTag(c, id);
        if (tag.isEmpty()) {
            return false;
        }
        TagSets sets = TagSets.of(c);
        List<Long> holders = sets.allHolders(c, id);
        TagHistory.record(c, holders, TagHistory.REMOVED, tag.get(), by, now);
        ChangeLog.record(c, holders, now);
        TagLinks.touch(c, holders, now);
        sets.deleteTag(c, id);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tag WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Reads the tag and write-locks its row until commit, so two transactions tagging with the same
     * tag take turns and never both insert the same link.
     */
    private static Optional<TagRef> lockTag(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tag SET kind = kind WHERE id = ?")) {
            ps.setLong(1, id);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT name, group_name FROM tag WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new TagRef(id, rs.getString(1), rs.getString(2)));
            }
        }
    }

    @Override
    public Map<Long, Long> customerCounts() {
        return jdbc.read("counting tagged customers", c -> {
            return TagSets.of(c).counts(c);
        });
    }

    @Override
    public Retagged retag(long tagId, Collection<Long> add, Collection<Long> remove, String by, Instant now) {
        return jdbc.inTransaction("tagging customers", c -> {
            TagRef tag = lockTag(c, tagId).orElseThrow(() -> new NotFoundException("tag", tagId));
            Set<Long> named = new LinkedHashSet<>(add);
            named.addAll(remove);
            Set<Long> unknown = new HashSet<>(named);
            unknown.removeAll(TagLinks.lockExistingCustomers(c, named));
            if (!unknown.isEmpty()) {
                return new Retagged(0, 0, unknown);
            }
            TagSets sets = TagSets.of(c);
            Set<Long> holders = sets.holders(c, tagId, named);
            List<Long> toAdd = new LinkedHashSet<>(add).stream().filter(id -> !holders.contains(id)).toList();
            List<Long> toRemove = new LinkedHashSet<>(remove).stream().filter(holders::contains).toList();
            sets.link(c, tagId, toAdd);
            sets.unlink(c, tagId, toRemove);
            TagHistory.record(c, toAdd, TagHistory.ADDED, tag, by, now);
            TagHistory.record(c, toRemove, TagHistory.REMOVED, tag, by, now);
            List<Long> changed = new ArrayList<>(toAdd);
            changed.addAll(toRemove);
            TagLinks.touch(c, changed, now);
            ChangeLog.record(c, changed, now);
            return new Retagged(toAdd.size(), toRemove.size(), Set.of());
        }, Retagged::ok);
    }

    @Override
    public Set<Long> holders(long tagId, Collection<Long> customerIds) {
        return jdbc.read("reading tag holders", c -> TagSets.of(c).holders(c, tagId, customerIds));
    }

    @Override
    public Set<Long> missingCustomers(Collection<Long> customerIds) {
        return jdbc.read("checking customer ids", c -> {
            Set<Long> missing = new HashSet<>(customerIds);
            missing.removeAll(TagLinks.existingCustomers(c, customerIds));
            return missing;
        });
    }

    @Override
    public List<Long> customerIdsAfter(long afterId, int limit) {
        return jdbc.readPlannedPerCall("listing customer ids", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customer WHERE id > ? ORDER BY id"
                    + " FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setLong(1, afterId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    @Override
    public Set<Long> customersOfEvents(Collection<String> eventIds) {
        return jdbc.read("finding the customers of events", c -> {
            Set<Long> found = new HashSet<>();
            for (List<String> chunk : TagLinks.chunks(eventIds)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customer_event"
                        + " --DERBY-PROPERTIES constraint=UQ_CUSTOMER_EVENT_ID\n"
                        + " WHERE event_id IN (" + TagLinks.marks(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getLong(1));
                        }
                    }
                }
            }
            return found;
        });
    }

    @Override
    public Map<Long, List<String>> eventProperties(String type, Instant since, Collection<Long> customerIds) {
        InstantConverter instants = new InstantConverter();
        return jdbc.read("reading events for tag rules", c -> {
            Map<Long, List<String>> out = new HashMap<>();
            for (List<Long> chunk : TagLinks.chunks(customerIds)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, properties FROM " + DerbyKeys.byCustomer(c, "customer_event")
                        + " WHERE event_type = ? AND customer_id IN (" + TagLinks.marks(chunk.size()) + ")"
                        + (since == null ? "" : " AND occurred_at >= ?"))) {
                    int i = 1;
                    ps.setString(i++, type);
                    for (long id : chunk) {
                        ps.setLong(i++, id);
                    }
                    if (since != null) {
                        ps.setTimestamp(i, instants.convertToDatabaseColumn(since));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            return out;
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
