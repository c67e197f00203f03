package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.store.TagRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JpaTagRepository implements TagRepository {
    private final Transactions tx;

    JpaTagRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Tag insert(TagDraft draft, Instant now) {
        return tx.inTransaction(em -> {
            if (findByName(em, draft.group(), draft.name()).isPresent()) {
                throw new ConflictException("tag group '" + draft.group() + "' already has a tag named '" + draft.name() + "'");
            }
            TagEntity e = new TagEntity(draft.group(), draft.name(), draft.kind(), now);
            em.persist(e);
            em.flush();
            return e.toApi();
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

    private static Optional<TagEntity> findByName(javax.persistence.EntityManager em, String group, String name) {
        return em.createQuery("SELECT t FROM TagEntity t WHERE t.group = :g AND t.name = :n", TagEntity.class)
                .setParameter("g", group).setParameter("n", name).setMaxResults(1).getResultList().stream().findFirst();
    }

    @Override
    public boolean delete(long id, Instant now) {
        return tx.inTransaction(em -> {
            TagEntity e = em.find(TagEntity.class, id);
            if (e == null) {
                return false;
            }
            ChangeLog.recordTagHolders(em, id, now);
            // The foreign key cascades, but deleting the links first keeps EclipseLink's view consistent.
            em.createNativeQuery("DELETE FROM customer_tag WHERE tag_id = ?").setParameter(1, id).executeUpdate();
            em.remove(e);
            return true;
        });
    }
}
