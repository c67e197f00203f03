package io.siyu.store;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.UndoResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Identity links, merges and their undo. Each method is one transaction, retried when the database
 * reports a deadlock or a serialization failure, so concurrent merges never fail visibly. The
 * attribute strategies are read from the setting {@link #STRATEGIES_SETTING} in the same transaction.
 */
public interface IdentityRepository {
    /** Setting that holds {@link io.siyu.api.customer.MergeStrategies#encode()}; absent means the default. */
    String STRATEGIES_SETTING = "identity.merge-strategies";

    /**
     * Adds the identity to the customer (after resolving aliases); if another customer holds it, the
     * two merge.
     *
     * @return the live profile holding the identity afterwards
     * @throws io.siyu.api.NotFoundException if there is no such customer or alias
     */
    Customer link(long customerId, ChannelIdentity identity, String by, Instant now);

    /**
     * Merges two profiles (after resolving aliases); the survivor is chosen by rule.
     *
     * @param field the input field that named {@code otherId}, for the merge-loop error
     * @throws io.siyu.api.ValidationException if both resolve to the same profile (a merge loop)
     * @throws io.siyu.api.NotFoundException if either does not exist
     */
    MergeRecord merge(long customerId, long otherId, String field, String by, Instant now);

    /**
     * @throws io.siyu.api.NotFoundException if there is no such merge
     * @throws io.siyu.api.ConflictException if it is undone already or a later merge depends on it
     */
    UndoResult undo(long mergeId, String by, Instant now);

    Optional<MergeRecord> findMerge(long mergeId);

    /** Merges whose survivor or merged id is the customer or one of its aliases, newest first. */
    List<MergeRecord> history(long customerId);

    /** The live id for a customer id or an alias; empty if it is neither. */
    Optional<Long> resolve(long customerId);

    /**
     * {@link #resolve} for many ids in a few queries (a mass-send plan, a batch of policy checks):
     * id → live id, without the ids that name no live customer.
     */
    java.util.Map<Long, Long> resolveAll(long[] customerIds);
}
