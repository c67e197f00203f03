package io.siyu.api.policy;

import io.siyu.api.org.Caller;
import java.util.List;

/** Stores and reads consent; the {@link TouchPolicy} never lets an opted-out customer be reached. */
public interface ConsentService {
    /**
     * Records a statement of consent. One older than the stored statement for the same channel is
     * kept in history but does not change the current state, because provider callbacks can arrive
     * out of order.
     *
     * @return the current consent for that channel after recording
     * @throws io.siyu.api.NotFoundException if there is no such customer in the caller's scope
     */
    Consent record(Caller caller, Consent consent);

    /** The current consent per channel type, ordered by channel type; channels never stated are absent. */
    List<Consent> consents(Caller caller, long customerId);
}
