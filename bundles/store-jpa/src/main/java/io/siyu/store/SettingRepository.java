package io.siyu.store;

import java.util.Optional;

/** Small node-wide facts that must survive restarts, such as "demo data loaded". */
public interface SettingRepository {
    Optional<String> get(String name);

    void put(String name, String value);

    /**
     * Stores the value only if the name is not set yet, atomically across nodes.
     *
     * @return true if this call stored it
     */
    boolean putIfAbsent(String name, String value);
}
