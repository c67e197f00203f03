package io.siyu.store;

import io.siyu.api.policy.Consent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Consent statements: all kept as history, the latest per channel type is the current one. */
public interface ConsentRepository {
    /**
     * Records the statement; it becomes current unless a statement with a later {@code changedAt}
     * is already stored for that channel.
     *
     * @return the current consent afterwards; empty if there is no such customer
     */
    Optional<Consent> record(Consent consent, Instant recordedAt);

    /** Current consent per channel type, ordered by channel type. */
    List<Consent> current(long customerId);
}
