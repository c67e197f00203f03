package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.store.SettingRepository;
import java.util.Optional;

final class JpaSettingRepository implements SettingRepository {
    private final Transactions tx;

    JpaSettingRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<String> get(String name) {
        return tx.inTransaction(em -> Optional.ofNullable(em.find(SettingEntity.class, name)).map(SettingEntity::value));
    }

    @Override
    public void put(String name, String value) {
        tx.inTransaction(em -> {
            SettingEntity e = em.find(SettingEntity.class, name);
            if (e == null) {
                em.persist(new SettingEntity(name, value));
            } else {
                e.value(value);
            }
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(String name, String value) {
        try {
            return tx.inTransaction(em -> {
                if (em.find(SettingEntity.class, name) != null) {
                    return false;
                }
                em.persist(new SettingEntity(name, value));
                em.flush();
                return true;
            });
        } catch (ConflictException raced) {
            // another node inserted the same name between our read and our insert
            return false;
        }
    }
}
