package io.siyu.core.internal.sop;

import io.siyu.api.NotFoundException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.sop.SopAction;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopState;
import io.siyu.api.sop.SopStep;
import io.siyu.api.sop.SopStepRun;
import io.siyu.core.internal.segment.CustomerMatcher;
import io.siyu.store.SopRepository;
import io.siyu.store.SopTransition;
import io.siyu.store.StoredSopInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves SOP instances along their steps. A round claims due instances with a lease, advances each
 * through the steps that need no side effect (waits ending, branches), and, before any action runs,
 * writes where they stand together with the step records so far (a checkpoint): a branch is never
 * decided twice and an action is only ever repeated at the same step, with the same idempotency
 * key. After the action the instance goes on; at the end of the round every instance is written
 * back with its step records, in one transaction per batch, by compare-and-set on its row version
 * under the lease. A node that dies holds its leases until they expire; then another node takes
 * the instances over where the last write left them.
 */
final class SopEngine {
    private static final Logger LOG = Logger.getLogger(SopEngine.class.getName());
    /** Steps one instance may take in one round; a definition is a finite tree, this only bounds surprises. */
    private static final int MAX_STEPS_PER_ROUND = 200;

    record Settings(Duration lease, int batchSize, ZoneId brandZone, String zoneAttribute) {
    }

    private final SopRepository repository;
    private final Definitions definitions;
    private final SopActions actions;
    private final CustomerMatcher matcher;
    private final CustomerService customers;
    private final Clock clock;
    private final String owner;
    private final Settings settings;

    SopEngine(SopRepository repository, Definitions definitions, SopActions actions, CustomerMatcher matcher,
            CustomerService customers, Clock clock, String owner, Settings settings) {
        this.repository = repository;
        this.definitions = definitions;
        this.actions = actions;
        this.matcher = matcher;
        this.customers = customers;
        this.clock = clock;
        this.owner = owner;
        this.settings = settings;
    }

    String owner() {
        return owner;
    }

    /**
     * One round: claims a batch of due instances and moves each as far as it goes now.
     *
     * @return how many instances were claimed
     */
    int runOnce() {
        Instant now = clock.instant();
        List<StoredSopInstance> claimed = repository.claim(now, owner, now.plus(settings.lease()), settings.batchSize());
        if (!claimed.isEmpty()) {
            process(claimed);
        }
        return claimed.size();
    }

    /** An instance being moved in this round: where it stands now, and what is not written yet. */
    private final class Work {
        final StoredSopInstance stored;
        final Definitions.Version version;
        long rowVersion;
        SopInstanceState state;
        String stepId;
        Instant wakeAt;
        String waitEvent;
        Instant waitSince;
        String waitEventId;
        int runs;
        String error;
        /** Set when a step could not be taken for a passing reason: look again then, at the same step. */
        Instant retryAt;
        final List<SopStepRun> pending = new ArrayList<>();
        final Set<String> preRecorded = new HashSet<>();
        boolean changed;
        boolean parked;
        boolean acting;
        boolean lost;

        Work(StoredSopInstance s, Definitions.Version version) {
            this.stored = s;
            this.version = version;
            rowVersion = s.rowVersion();
            state = s.state();
            stepId = s.stepId();
            wakeAt = s.wakeAt();
            waitEvent = s.waitEvent();
            waitSince = s.waitSince();
            waitEventId = s.waitEventId();
            runs = s.runs();
        }

        void record(SopStepRun.Outcome outcome, String detail, int attempts, Instant now) {
            pending.add(new SopStepRun(stored.id(), stepId, outcome, detail, attempts, now, now));
            runs++;
            changed = true;
        }

        void moveTo(String next) {
            stepId = next;
            wakeAt = null;
            waitEvent = null;
            waitSince = null;
            waitEventId = null;
            changed = true;
            if (next == null) {
                state = SopInstanceState.COMPLETED;
                parked = true;
            } else {
                state = SopInstanceState.RUNNING;
            }
        }

        void sleepUntil(Instant wake, String awaited, Instant since) {
            state = SopInstanceState.WAITING;
            wakeAt = wake;
            waitEvent = awaited;
            waitSince = since;
            changed = true;
            parked = true;
        }

        void end(SopInstanceState finalState, String why) {
            state = finalState;
            error = finalState == SopInstanceState.FAILED ? why : null;
            wakeAt = null;
            waitEvent = null;
            changed = true;
            parked = true;
        }

        SopTransition transition(boolean keepLease) {
            Instant due = state.isFinal() || state == SopInstanceState.PAUSED ? null
                    : retryAt != null ? retryAt : state == SopInstanceState.RUNNING ? clock.instant() : wakeAt;
            return new SopTransition(stored.id(), rowVersion, state, stepId, wakeAt, due, waitEvent, waitSince, runs,
                    error, pending, preRecorded, keepLease);
        }
    }

    private void process(List<StoredSopInstance> claimed) {
        Set<Long> sopIds = new LinkedHashSet<>();
        claimed.forEach(i -> sopIds.add(i.sopId()));
        Map<Long, SopState> sopStates = repository.states(sopIds);
        List<Work> all = new ArrayList<>(claimed.size());
        for (StoredSopInstance s : claimed) {
            Definitions.Version v = definitions.version(s.sopId(), s.sopVersion()).orElse(null);
            Work w = new Work(s, v);
            all.add(w);
            SopState sop = sopStates.get(s.sopId());
            if (v == null) {
                w.end(SopInstanceState.FAILED, "version " + s.sopVersion() + " of SOP " + s.sopId() + " is gone");
            } else if (sop == SopState.STOPPED) {
                w.end(SopInstanceState.STOPPED, null);
            } else if (sop == SopState.PAUSED) {
                // started in the moment the SOP was paused: hold still with the others
                w.state = SopInstanceState.PAUSED;
                w.changed = true;
                w.parked = true;
            }
        }
        List<Work> active = new ArrayList<>();
        for (Work w : all) {
            if (!w.parked) {
                active.add(w);
            }
        }
        while (!active.isEmpty()) {
            Instant now = clock.instant();
            for (Work w : active) {
                try {
                    advance(w, now);
                } catch (RuntimeException e) {
                    // e.g. the customer could not be read: this instance tries the step again later
                    LOG.log(Level.WARNING, "SOP instance " + w.stored.id() + " step " + w.stepId + " failed; trying again", e);
                    w.retryAt = now.plusSeconds(60);
                    w.acting = false;
                    w.changed = true;
                    w.parked = true;
                }
            }
            List<Work> acting = new ArrayList<>();
            List<Work> checkpoint = new ArrayList<>();
            for (Work w : active) {
                if (w.acting) {
                    acting.add(w);
                    if (w.changed) {
                        checkpoint.add(w);
                    }
                }
            }
            if (!checkpoint.isEmpty()) {
                write(checkpoint, true);
            }
            List<Work> next = new ArrayList<>();
            for (Work w : acting) {
                if (w.lost) {
                    continue;
                }
                act(w);
                if (!w.lost && !w.parked) {
                    next.add(w);
                }
            }
            active = next;
        }
        List<Work> finished = new ArrayList<>();
        List<Long> lost = new ArrayList<>();
        for (Work w : all) {
            if (w.lost) {
                lost.add(w.stored.id());
            } else {
                finished.add(w);
            }
        }
        write(finished, false);
        for (Work w : finished) {
            if (w.lost) {
                lost.add(w.stored.id());
            }
        }
        repository.release(lost, owner);
    }

    /** Writes the works' transitions; ones whose instance moved meanwhile (paused, taken over) are lost. */
    private void write(List<Work> works, boolean keepLease) {
        if (works.isEmpty()) {
            return;
        }
        List<SopTransition> transitions = new ArrayList<>(works.size());
        for (Work w : works) {
            transitions.add(w.transition(keepLease));
        }
        Instant now = clock.instant();
        boolean[] written = repository.settle(transitions, owner, now, now.plus(settings.lease()));
        for (int i = 0; i < works.size(); i++) {
            Work w = works.get(i);
            if (written[i]) {
                w.rowVersion++;
                w.pending.clear();
                w.preRecorded.clear();
                w.changed = false;
            } else {
                w.lost = true;
            }
        }
    }

    /** Takes the steps that need no side effect, until the instance waits, ends or reaches an action. */
    private void advance(Work w, Instant now) {
        w.acting = false;
        for (int n = 0; n < MAX_STEPS_PER_ROUND && !w.parked; n++) {
            if (w.stepId == null) {
                w.moveTo(null);
                return;
            }
            SopStep step = w.version.tree().step(w.stepId);
            if (step == null) {
                w.end(SopInstanceState.FAILED, "step " + w.stepId + " is not in version " + w.version.version());
                return;
            }
            boolean waiting = w.state == SopInstanceState.WAITING;
            if (step instanceof SopStep.Wait wait) {
                if (!waiting) {
                    w.sleepUntil(now.plus(wait.duration()), null, null);
                } else if (!now.isBefore(w.wakeAt)) {
                    w.record(SopStepRun.Outcome.DONE, "waited " + wait.duration(), 1, now);
                    w.moveTo(w.version.tree().after(w.stepId));
                } else {
                    w.sleepUntil(w.wakeAt, null, null);
                }
            } else if (step instanceof SopStep.WaitUntil until) {
                if (!waiting) {
                    w.sleepUntil(nextTimeOfDay(w.stored.customerId(), until.time(), now), null, null);
                } else if (!now.isBefore(w.wakeAt)) {
                    w.record(SopStepRun.Outcome.DONE, "until " + until.time(), 1, now);
                    w.moveTo(w.version.tree().after(w.stepId));
                } else {
                    w.sleepUntil(w.wakeAt, null, null);
                }
            } else if (step instanceof SopStep.WaitForEvent forEvent) {
                if (!waiting) {
                    w.sleepUntil(now.plus(forEvent.timeout()), forEvent.eventType(), now);
                } else if (w.waitEventId != null) {
                    w.record(SopStepRun.Outcome.EVENT, w.waitEventId, 1, now);
                    w.moveTo(w.version.tree().after(w.stepId));
                } else if (!now.isBefore(w.wakeAt)) {
                    w.record(SopStepRun.Outcome.TIMEOUT, "no " + forEvent.eventType() + " within "
                            + forEvent.timeout(), 1, now);
                    w.moveTo(w.version.tree().after(w.stepId));
                } else {
                    w.sleepUntil(w.wakeAt, w.waitEvent, w.waitSince);
                }
            } else if (step instanceof SopStep.Branch branch) {
                boolean then = matches(w.stored.customerId(), branch.condition());
                w.record(then ? SopStepRun.Outcome.THEN : SopStepRun.Outcome.OTHERWISE, null, 1, now);
                w.moveTo(w.version.tree().enter(branch, then));
            } else {
                if (waiting && now.isBefore(w.wakeAt)) {
                    w.sleepUntil(w.wakeAt, null, null);
                } else {
                    w.acting = true;
                }
                return;
            }
        }
    }

    /** Runs the action of the step the instance stands at; everything before it is written already. */
    private void act(Work w) {
        SopAction action = ((SopStep.Perform) w.version.tree().step(w.stepId)).action();
        Instant now = clock.instant();
        int attempt = 1;
        if (action instanceof SopAction.CallWebhook) {
            // A webhook has no idempotency on our side of the wire: count attempts durably before each call.
            attempt = repository.stepStarted(w.stored.id(), w.stepId, w.runs, owner, now, now.plus(settings.lease()));
            if (attempt == 0) {
                w.lost = true;
                return;
            }
            w.preRecorded.add(w.stepId);
        }
        ActionResult result;
        try {
            result = actions.run(w.stored, w.stepId, action, attempt);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SOP instance " + w.stored.id() + " step " + w.stepId + " failed; trying again", e);
            result = ActionResult.retryAt(clock.instant().plusSeconds(60), String.valueOf(e.getMessage()));
        }
        now = clock.instant();
        w.acting = false;
        if (result.isRetry()) {
            w.preRecorded.remove(w.stepId);
            w.sleepUntil(result.retryAt(), null, null);
            ActionResult waiting = result;
            LOG.fine(() -> "SOP instance " + w.stored.id() + " step " + w.stepId + " waits: " + waiting.detail());
            return;
        }
        w.record(result.outcome(), result.detail(), attempt, now);
        if (result.outcome() == SopStepRun.Outcome.FAILED) {
            w.end(SopInstanceState.FAILED, "step " + w.stepId + ": " + result.detail());
        } else {
            w.moveTo(w.version.tree().after(w.stepId));
        }
    }

    private boolean matches(Long customerId, Condition condition) {
        return customerId != null && matcher.matches(customerId, condition);
    }

    /** The next {@code time} of day in the customer's zone (else the brand's), strictly after now. */
    private Instant nextTimeOfDay(Long customerId, LocalTime time, Instant now) {
        ZoneId zone = zoneOf(customerId);
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant at = today.atTime(time).atZone(zone).toInstant();
        return at.isAfter(now) ? at : today.plusDays(1).atTime(time).atZone(zone).toInstant();
    }

    ZoneId zoneOf(Long customerId) {
        if (customerId == null) {
            return settings.brandZone();
        }
        try {
            Customer c = customers.get(Caller.SYSTEM, customerId);
            return zone(c.attributes().get(settings.zoneAttribute()), settings.brandZone());
        } catch (NotFoundException gone) {
            return settings.brandZone();
        }
    }

    static ZoneId zone(Object value, ZoneId fallback) {
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(value.toString().strip());
        } catch (java.time.DateTimeException unknown) {
            return fallback;
        }
    }
}
