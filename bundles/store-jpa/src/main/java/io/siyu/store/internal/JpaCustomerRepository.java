package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.store.CustomerRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

final class JpaCustomerRepository implements CustomerRepository {
    private final Transactions tx;

    JpaCustomerRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Customer insert(CustomerDraft draft, Instant now) {
        return tx.inTransaction(em -> {
            checkIdentitiesFree(em, draft, null);
            CustomerEntity e = new CustomerEntity(now);
            apply(em, e, draft);
            em.persist(e);
            em.flush();
            return e.toApi();
        });
    }

    @Override
    public Optional<Customer> find(long id) {
        return tx.inTransaction(em -> Optional.ofNullable(em.find(CustomerEntity.class, id)).map(CustomerEntity::toApi));
    }

    @Override
    public Page<Customer> search(CustomerQuery query) {
        return tx.inTransaction(em -> {
            StringBuilder where = new StringBuilder();
            Map<String, Object> params = new HashMap<>();
            if (query.text() != null) {
                where.append(" AND (LOWER(c.displayName) LIKE :p ESCAPE '!' OR EXISTS (SELECT c2.id FROM CustomerEntity c2"
                        + " JOIN c2.identities i WHERE c2.id = c.id AND LOWER(i.value) LIKE :p ESCAPE '!'))");
                params.put("p", "%" + escapeLike(query.text().toLowerCase(java.util.Locale.ROOT)) + "%");
            }
            if (query.tagId() != null) {
                where.append(" AND EXISTS (SELECT c3.id FROM CustomerEntity c3 JOIN c3.tags t"
                        + " WHERE c3.id = c.id AND t.id = :tag)");
                params.put("tag", query.tagId());
            }
            String filter = where.length() == 0 ? "" : " WHERE" + where.substring(4);
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(c) FROM CustomerEntity c" + filter, Long.class);
            TypedQuery<CustomerEntity> page = em.createQuery(
                    "SELECT c FROM CustomerEntity c" + filter + " ORDER BY c.id", CustomerEntity.class);
            params.forEach((k, v) -> {
                count.setParameter(k, v);
                page.setParameter(k, v);
            });
            long total = count.getSingleResult();
            List<Customer> items = page.setFirstResult(query.page().offset()).setMaxResults(query.page().limit())
                    .getResultList().stream().map(CustomerEntity::toApi).toList();
            return new Page<>(items, total, query.page().offset(), query.page().limit());
        });
    }

    @Override
    public Optional<Customer> update(long id, CustomerDraft draft, Long expectedVersion, Instant now) {
        return tx.inTransaction(em -> {
            CustomerEntity e = em.find(CustomerEntity.class, id);
            if (e == null) {
                return Optional.empty();
            }
            if (expectedVersion != null && expectedVersion != e.version()) {
                throw new ConflictException("customer " + id + " was changed meanwhile: it is at version "
                        + e.version() + ", the update was based on version " + expectedVersion);
            }
            checkIdentitiesFree(em, draft, id);
            e.identities().clear();
            e.attributes().clear();
            e.tags().clear();
            // Flush the removals first so re-adding an unchanged identity does not trip the unique key.
            em.flush();
            apply(em, e, draft);
            e.touched(now);
            em.flush();
            return Optional.of(e.toApi());
        });
    }

    @Override
    public boolean delete(long id) {
        return tx.inTransaction(em -> {
            CustomerEntity e = em.find(CustomerEntity.class, id);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
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

    private static void apply(EntityManager em, CustomerEntity e, CustomerDraft draft) {
        e.displayName(draft.displayName());
        draft.identities().forEach(i -> e.identities().add(new IdentityValue(i)));
        draft.attributes().forEach((k, v) -> e.attributes().put(k, AttributeValue.of(v)));
        List<FieldError> unknown = new ArrayList<>();
        for (Long tagId : draft.tagIds()) {
            TagEntity tag = em.find(TagEntity.class, tagId);
            if (tag == null) {
                unknown.add(FieldError.of("tagIds", "no tag with id " + tagId));
            } else {
                e.tags().add(tag);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ValidationException(unknown);
        }
    }

    private static void checkIdentitiesFree(EntityManager em, CustomerDraft draft, Long self) {
        for (ChannelIdentity identity : draft.identities()) {
            Optional<Long> owner = ownerOf(em, identity);
            if (owner.isPresent() && !owner.get().equals(self)) {
                throw new ConflictException("identity " + identity + " already belongs to customer " + owner.get());
            }
        }
    }

    private static Optional<Long> ownerOf(EntityManager em, ChannelIdentity identity) {
        return em.createQuery("SELECT c.id FROM CustomerEntity c JOIN c.identities i"
                + " WHERE i.type = :t AND i.namespace = :n AND i.value = :v", Long.class)
                .setParameter("t", identity.type().name())
                .setParameter("n", identity.namespace())
                .setParameter("v", identity.value())
                .getResultStream().findFirst();
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
