package io.siyu.store;

import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopState;
import io.siyu.api.sop.SopStepRun;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SOP definitions, instances and step records (schema version 15, store 0.5). Versions are
 * immutable; instance moves are compare-and-set on the row version under a lease, so two nodes
 * never both move one instance.
 */
public interface SopRepository {
    /** Version 1, in DRAFT. */
    StoredSop define(String name, String triggerKind, String triggerKey, String definitionJson, Instant now, String by);

    /** The next version, same state, with the next firing for its trigger; empty if there is no such SOP. */
    Optional<StoredSop> revise(long sopId, String name, String triggerKind, String triggerKey, String definitionJson,
            Instant nextFireAt, Instant now, String by);

    /** The latest version. */
    Optional<StoredSop> find(long sopId);

    Optional<StoredSop> find(long sopId, int version);

    /** Latest versions, by name. */
    List<StoredSop> list();

    /** Latest versions of ACTIVE SOPs with this trigger kind. */
    List<StoredSop> active(String triggerKind);

    /** Current states of these SOPs. */
    Map<Long, SopState> states(Collection<Long> sopIds);

    /**
     * Moves the SOP to {@code to} if it is in one of {@code from}, setting its next firing; and
     * in the same transaction its live instances: PAUSED pauses running and waiting ones (paused by
     * the SOP), ACTIVE resumes those the SOP paused, STOPPED stops every live one.
     *
     * @return the SOP after, or empty if there is no such SOP; a state outside {@code from} is returned unchanged
     */
    Optional<StoredSop> changeState(long sopId, Collection<SopState> from, SopState to, Instant nextFireAt,
            Instant now);

    /** Schedules and date scans: moves the next firing from {@code expected}; false if another node did. */
    boolean advanceFire(long sopId, Instant expected, Instant next);

    /**
     * Starts the instances whose start key is unused and whose live key is free; the others are
     * skipped. Each is its own small transaction, so one clash does not undo the rest.
     *
     * @return the ids of the instances started, in order (null for skipped ones)
     */
    List<Long> start(List<NewSopInstance> instances);

    Optional<StoredSopInstance> instance(long id);

    /** Newest first. @param state null for all */
    List<StoredSopInstance> instances(long sopId, SopInstanceState state, int offset, int limit);

    long countInstances(long sopId, SopInstanceState state);

    /** Newest first. */
    List<StoredSopInstance> ofCustomer(long customerId, int offset, int limit);

    long countOfCustomer(long customerId);

    /**
     * Leases up to {@code max} due instances (due time passed, no live lease) to {@code owner},
     * earliest due first; across nodes each goes to one owner only.
     */
    List<StoredSopInstance> claim(Instant now, String owner, Instant leaseUntil, int max);

    /**
     * Writes the transitions of instances leased to {@code owner}, in one transaction; each only if
     * its row version still matches and the lease is still this owner's.
     *
     * @return per transition, whether it was written
     */
    boolean[] settle(List<SopTransition> transitions, String owner, Instant now, Instant leaseUntil);

    /** Gives back leases whose transition could not be written, so the instances are looked at again. */
    void release(Collection<Long> instanceIds, String owner);

    /**
     * Records that a step with an external side effect is about to run (a webhook call): a STARTED
     * record with one more attempt, and a renewed lease, if the lease is still this owner's.
     *
     * @return the attempt number, or 0 if the lease was lost
     */
    int stepStarted(long instanceId, String stepId, int seq, String owner, Instant now, Instant leaseUntil);

    Optional<SopStepRun> run(long instanceId, String stepId);

    /** In the order they ran. */
    List<SopStepRun> runs(long instanceId);

    /** Instances of the customer waiting for an event of this type. */
    List<StoredSopInstance> waitingFor(long customerId, String eventType);

    /** The awaited event came: the instance is due now; false if it moved meanwhile. */
    boolean eventArrived(long instanceId, long expectedRowVersion, String eventId, Instant now);

    /** Pauses one live instance (by itself); empty if no such instance; unchanged if not live. */
    Optional<StoredSopInstance> pause(long instanceId, Instant now);

    /** Resumes one paused instance; empty if no such instance; unchanged if not paused. */
    Optional<StoredSopInstance> resume(long instanceId, Instant now);

    /** Stops one live instance; empty if no such instance; unchanged if already final. */
    Optional<StoredSopInstance> stop(long instanceId, Instant now);

    /** A customer's date attribute, with their time-zone attribute if they have one. */
    record DateValue(long customerId, LocalDate date, String zone) {
    }

    /** Every customer with this DATE attribute set, with the value of {@code zoneAttribute} (null if unset). */
    List<DateValue> dateValues(String attribute, String zoneAttribute);

    /** An event as the trigger sweep reads it. */
    record SweptEvent(long seq, String eventId, long customerId, String type, String propertiesJson,
            Instant receivedAt) {
    }

    /** Events after {@code afterSeq}, by seq, at most {@code limit}. */
    List<SweptEvent> eventsAfter(long afterSeq, int limit);

    /** The highest event seq, 0 if none. */
    long eventHead();
}
