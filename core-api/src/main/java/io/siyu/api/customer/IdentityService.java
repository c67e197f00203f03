package io.siyu.api.customer;

import io.siyu.api.org.Caller;
import java.util.List;

/**
 * Identity resolution: linking identities to profiles and merging profiles that turn out to be one
 * person, with undo.
 *
 * <p>The survivor of a merge is chosen by one rule, whoever asks and in whichever order: a known
 * profile survives over a visitor-only one (every identity of type {@link IdentityType#VISITOR});
 * otherwise the older one ({@code createdAt}, then the lower id). Identities and tags are united,
 * attributes chosen per {@link MergeStrategies}, timeline and consent history move to the survivor
 * (the latest consent statement per channel wins), and the merged-away id stays an alias that every
 * call resolves to the live profile. Each merge is one transaction.
 */
public interface IdentityService {
    /**
     * Adds an identity to a customer. If another customer holds it, the two merge (reason
     * {@link MergeReason#SHARED_IDENTITY}, or {@link MergeReason#VISITOR_IDENTIFIED} when one side is
     * visitor-only).
     *
     * @return the live profile that holds the identity afterwards (the survivor, if a merge happened)
     * @throws io.siyu.api.ValidationException if the identity is malformed
     * @throws io.siyu.api.NotFoundException if there is no such customer (or alias)
     */
    Customer link(Caller caller, long customerId, ChannelIdentity identity);

    /**
     * Merges two profiles ({@link MergeReason#EXPLICIT}); the survivor follows the rule above, not
     * the order of the arguments.
     *
     * @throws io.siyu.api.ValidationException on a merge loop (a customer with itself or its own
     *         alias), naming the field {@code customerId}; nothing is stored
     * @throws io.siyu.api.NotFoundException if either customer does not exist
     */
    MergeRecord merge(Caller caller, long customerId, long otherId);

    /**
     * Undoes a merge: the merged-away customer returns under its id with its identities, tags,
     * attributes, consent history and the events that moved; the survivor gets back its pre-merge
     * attribute values unless it changed them since (see {@link UndoResult#keptNewer()}).
     *
     * @throws io.siyu.api.ConflictException if the merge is already undone, or if a later merge
     *         depends on it (the survivor was merged away since): the message names the merge to undo first
     * @throws io.siyu.api.NotFoundException if there is no such merge
     */
    UndoResult undo(Caller caller, long mergeId);

    /** Merges that involve the customer or any id now resolving to it, newest first. */
    List<MergeRecord> history(Caller caller, long customerId);

    /**
     * The live id for a customer id or an alias; an id that is live resolves to itself.
     *
     * @throws io.siyu.api.NotFoundException if it is neither
     */
    long resolve(Caller caller, long customerId);

    /** The attribute merge strategies in force. */
    MergeStrategies strategies(Caller caller);

    /**
     * Replaces the attribute merge strategies.
     *
     * @throws io.siyu.api.ValidationException naming a bad attribute name
     */
    MergeStrategies setStrategies(Caller caller, MergeStrategies strategies);
}
