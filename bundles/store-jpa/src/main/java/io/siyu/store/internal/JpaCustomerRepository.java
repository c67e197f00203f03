package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.Page;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.IdentityConflictException;
import io.siyu.store.CustomerRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.persistence.EntityManager;
import javax.persistence.Query;

final class JpaCustomerRepository implements CustomerRepository {
    private final Transactions tx;
    private final SchemaMigrator.Dialect dialect;

    JpaCustomerRepository(Transactions tx, SchemaMigrator.Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    @Override
    public Customer insert(CustomerDraft draft, Instant now) {
        return insert(draft, now, JpaTagRepository.SYSTEM);
    }

    @Override
    public Customer insert(CustomerDraft draft, Instant now, String by) {
        return tx.inTransaction(em -> {
            checkIdentitiesFree(em, draft, null);
            CustomerEntity e = new CustomerEntity(now);
            Set<TagEntity> tags = ManualTags.resolve(em, Set.of(), draft.tagIds(), by);
            apply(e, draft);
            e.tags().addAll(tags);
            em.persist(e);
            em.flush();
            writeTags(em, e.id(), Set.of(), tags);
            ChangeLog.record(em, e.id(), now);
            ManualTags.recordHistory(em, e.id(), Set.of(), tags, by, now);
            return e.toApi();
        });
    }

    @Override
    public Optional<Customer> find(long id) {
        return tx.inTransaction(em -> Optional.ofNullable(em.find(CustomerEntity.class, id))
                .map(e -> withTags(em, List.of(e)).get(0).toApi()));
    }

    @Override
    public Page<Customer> search(CustomerQuery query) {
        return search(query, null);
    }

    /** ownerStaff or a share among the keys: the data scope's filter, null for everyone. */
    private void followedBy(java.util.Set<String> staffKeys, StringBuilder where, List<Object> params) {
        if (staffKeys == null) {
            return;
        }
        where.append(" AND ").append(FollowedBy.sql(dialect, "c.id", staffKeys.size()));
        params.addAll(staffKeys);
        params.addAll(staffKeys);
    }

    @Override
    public long count(java.util.Set<String> staffKeys) {
        return tx.inTransaction(em -> {
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            List<Object> params = new ArrayList<>();
            followedBy(staffKeys, where, params);
            Query count = em.createNativeQuery("SELECT COUNT(*) FROM customer c" + where);
            for (int i = 0; i < params.size(); i++) {
                count.setParameter(i + 1, params.get(i));
            }
            return ((Number) count.getSingleResult()).longValue();
        });
    }

    @Override
    public Page<Customer> search(CustomerQuery query, java.util.Set<String> staffKeys) {
        return tx.inTransaction(em -> {
            // The filter runs as plain SQL (portable between Derby and PostgreSQL) and yields ids;
            // the page's entities are then loaded in one query with their collections batch-fetched.
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            List<Object> params = new ArrayList<>();
            followedBy(staffKeys, where, params);
            if (query.text() != null) {
                String pattern = "%" + escapeLike(query.text().toLowerCase(java.util.Locale.ROOT)) + "%";
                where.append(" AND (LOWER(c.display_name) LIKE ? ESCAPE '!' OR c.id IN"
                        + " (SELECT i.customer_id FROM customer_identity i WHERE LOWER(i.id_value) LIKE ? ESCAPE '!'))");
                params.add(pattern);
                params.add(pattern);
            }
            if (query.tagId() != null) {
                where.append(" AND ").append(TagSets.of(dialect).carries("c", List.of("?"), true));
                params.add(query.tagId());
            }
            Query count = em.createNativeQuery("SELECT COUNT(*) FROM customer c" + where);
            Query ids = em.createNativeQuery("SELECT c.id FROM customer c" + where
                    + " ORDER BY c.id OFFSET " + query.page().offset() + " ROWS FETCH NEXT " + query.page().limit() + " ROWS ONLY");
            for (int i = 0; i < params.size(); i++) {
                count.setParameter(i + 1, params.get(i));
                ids.setParameter(i + 1, params.get(i));
            }
            long total = ((Number) count.getSingleResult()).longValue();
            List<Long> pageIds = ((List<?>) ids.getResultList()).stream().map(o -> ((Number) o).longValue()).toList();
            List<Customer> items = pageIds.isEmpty() ? List.of() : withTags(em, em.createQuery(
                    "SELECT c FROM CustomerEntity c WHERE c.id IN :ids ORDER BY c.id", CustomerEntity.class)
                    .setParameter("ids", pageIds)
                    // read-only: the page is only mapped to records, so EclipseLink need not track it
                    .setHint("eclipselink.read-only", "true").getResultList()).stream().map(CustomerEntity::toApi).toList();
            return new Page<>(items, total, query.page().offset(), query.page().limit());
        });
    }

    @Override
    public Optional<Customer> update(long id, CustomerDraft draft, Long expectedVersion, Instant now) {
        return update(id, draft, expectedVersion, now, JpaTagRepository.SYSTEM);
    }

    @Override
    public Optional<Customer> update(long id, CustomerDraft draft, Long expectedVersion, Instant now, String by) {
        return tx.inTransaction(em -> {
            CustomerEntity e = em.find(CustomerEntity.class, id);
            if (e == null) {
                return Optional.empty();
            }
            withTags(em, List.of(e));
            if (expectedVersion != null && expectedVersion != e.version()) {
                throw new ConflictException("customer " + id + " was changed meanwhile: it is at version "
                        + e.version() + ", the update was based on version " + expectedVersion);
            }
            checkIdentitiesFree(em, draft, id);
            Set<TagEntity> before = new HashSet<>(e.tags());
            Map<String, Object> valuesBefore = AttributeHistory.values(e);
            Set<TagEntity> after = ManualTags.resolve(em, before, draft.tagIds(), by);
            e.identities().clear();
            e.attributes().clear();
            e.tags().clear();
            // Flush the removals first so re-adding an unchanged identity does not trip the unique key.
            em.flush();
            apply(e, draft);
            e.tags().addAll(after);
            e.touched(now);
            em.flush();
            writeTags(em, id, before, after);
            ChangeLog.record(em, id, now);
            ManualTags.recordHistory(em, id, before, after, by, now);
            AttributeHistory.record(em, id, valuesBefore, AttributeHistory.values(e), by, now);
            return Optional.of(e.toApi());
        });
    }

    @Override
    public boolean delete(long id, Instant now) {
        return tx.inTransaction(em -> {
            lockForDelete(em, id);
            CustomerEntity e = em.find(CustomerEntity.class, id);
            if (e == null) {
                return false;
            }
            // PostgreSQL has no key to cascade this (schema 24); follow_event rows go with their events
            em.createNativeQuery("DELETE FROM customer_event WHERE customer_id = ?").setParameter(1, id).executeUpdate();
            em.remove(e);
            ChangeLog.record(em, id, now);
            return true;
        });
    }

    /** Fills the entities' tags from the store (one query for the lot) and returns them. */
    private List<CustomerEntity> withTags(EntityManager em, List<CustomerEntity> entities) {
        Map<Long, Set<Long>> ids = sql(em, c -> TagSets.of(dialect).read(c, entities.stream().map(CustomerEntity::id).toList()));
        Set<Long> all = new HashSet<>();
        ids.values().forEach(all::addAll);
        Map<Long, TagEntity> tags = new HashMap<>();
        if (!all.isEmpty()) {
            em.createQuery("SELECT t FROM TagEntity t WHERE t.id IN :ids", TagEntity.class).setParameter("ids", all)
                    .getResultList().forEach(t -> tags.put(t.id(), t));
        }
        for (CustomerEntity e : entities) {
            e.tags().clear();
            ids.getOrDefault(e.id(), Set.of()).forEach(id -> {
                TagEntity t = tags.get(id);
                if (t != null) {
                    e.tags().add(t);
                }
            });
        }
        return entities;
    }

    /** Writes the difference between the tags the customer carried and those it carries now. */
    private void writeTags(EntityManager em, long id, Set<TagEntity> before, Set<TagEntity> after) {
        Set<Long> added = new java.util.TreeSet<>();
        after.stream().filter(t -> !before.contains(t)).forEach(t -> added.add(t.id()));
        Set<Long> removed = new java.util.TreeSet<>();
        before.stream().filter(t -> !after.contains(t)).forEach(t -> removed.add(t.id()));
        sql(em, c -> {
            TagSets sets = TagSets.of(dialect);
            sets.remove(c, id, removed);
            sets.add(c, id, added);
            return null;
        });
    }

    private interface Sql<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs JDBC on the connection of the unit of work (unwrap begins its transaction there). */
    private static <T> T sql(EntityManager em, Sql<T> work) {
        try {
            return work.run(em.unwrap(Connection.class));
        } catch (SQLException e) {
            throw new javax.persistence.PersistenceException(e);
        }
    }

    /** Waits for event ingestion writing to the customer (see {@link CustomerLocks}). */
    private void lockForDelete(EntityManager em, long id) {
        sql(em, c -> {
            CustomerLocks.exclusive(c, dialect, id);
            return null;
        });
    }

    @Override
    public long count() {
        return tx.inTransaction(em -> em.createQuery("SELECT COUNT(c) FROM CustomerEntity c", Long.class).getSingleResult());
    }

    @Override
    public Optional<Long> findIdByIdentity(ChannelIdentity identity) {
        return tx.inTransaction(em -> ownerOf(em, identity));
    }

    /** Everything but the tags, which {@link ManualTags} resolves for the caller. */
    private static void apply(CustomerEntity e, CustomerDraft draft) {
        e.displayName(draft.displayName());
        draft.identities().forEach(i -> e.identities().add(new IdentityValue(i)));
        draft.attributes().forEach((k, v) -> e.attributes().put(k, AttributeValue.of(v)));
    }

    private static void checkIdentitiesFree(EntityManager em, CustomerDraft draft, Long self) {
        for (ChannelIdentity identity : draft.identities()) {
            Optional<Long> owner = ownerOf(em, identity);
            if (owner.isPresent() && !owner.get().equals(self)) {
                throw new IdentityConflictException(identity, owner.get());
            }
        }
    }

    private static Optional<Long> ownerOf(EntityManager em, ChannelIdentity identity) {
        return em.createQuery("SELECT c.id FROM CustomerEntity c JOIN c.identities i"
                + " WHERE i.type = :t AND i.namespace = :n AND i.value = :v", Long.class)
                .setParameter("t", identity.type().name())
                .setParameter("n", identity.namespace())
                .setParameter("v", identity.value())
                .setMaxResults(1).getResultList().stream().findFirst();
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
