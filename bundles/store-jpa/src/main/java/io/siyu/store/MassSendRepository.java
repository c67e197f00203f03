package io.siyu.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Mass sends: the definition as the core's JSON, a state, and the plan that was accepted. */
public interface MassSendRepository {
    StoredMassSend insert(String name, String definitionJson, Instant scheduledAt, String state, String createdBy,
            Instant at);

    Optional<StoredMassSend> find(long id);

    /** Newest first. */
    List<StoredMassSend> list(int offset, int limit);

    long count();

    /** Drafts whose time has come, oldest first: follow-ups to accept. */
    List<StoredMassSend> dueDrafts(Instant now, int limit);

    /**
     * Moves a mass send to a new state (and schedule and plan) if it is still at {@code expectedVersion}.
     *
     * @return the updated row, or empty when another change came first
     */
    Optional<StoredMassSend> update(long id, int expectedVersion, String state, Instant scheduledAt, String planJson,
            Instant at);
}
