package io.siyu.core.internal.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.event.EventTypes;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.ConditionCodec;
import io.siyu.api.segment.RfmRule;
import io.siyu.store.NewEvent;
import io.siyu.store.SegmentRepository.Membership;
import io.siyu.store.Store;
import io.siyu.store.StoredSegment;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.roaringbitmap.RoaringBitmap;

/**
 * The announced membership of every stored segment. When customers change, or time moves a
 * window, the members are re-evaluated and each difference is stored as a segment.entered or
 * segment.left event together with the new member set, in one transaction that only succeeds
 * if no other node announced first: every transition is announced once, cluster-wide. A new or
 * edited definition starts from its current members without announcing them.
 */
final class Memberships {
    private static final Logger LOG = Logger.getLogger(Memberships.class.getName());
    static final long REFRESH_MILLIS = 2_000;
    /** Time-based conditions ("in the last 30 days") change without any write: re-check this often. */
    static final long FULL_MILLIS = 60_000;
    static final String CHANNEL = "siyu";

    private static final class State {
        final StoredSegment stored;
        final Condition condition;
        RoaringBitmap members;
        long version;

        State(StoredSegment stored, Condition condition) {
            this.stored = stored;
            this.condition = condition;
        }
    }

    private final Store store;
    private final SegmentIndex index;
    private final Clock clock;
    private final ObjectMapper json;
    private final Supplier<RfmRule> rule;
    private final Map<Long, State> states = new ConcurrentHashMap<>();
    private long lastRefresh;
    private long lastFull;
    private volatile boolean fullRequested;

    Memberships(Store store, SegmentIndex index, Clock clock, ObjectMapper json, Supplier<RfmRule> rule) {
        this.store = store;
        this.index = index;
        this.clock = clock;
        this.json = json;
        this.rule = rule;
    }

    /** The condition of a segment, for {@link Condition.InSegment}; null if there is none. */
    Condition condition(long id) {
        State s = states.get(id);
        if (s != null) {
            return s.condition;
        }
        return store.segments().find(id).map(this::parse).orElse(null);
    }

    /** Picks up definitions made, changed or deleted on any node. */
    void refresh(boolean force) {
        long now = clock.millis();
        if (!force && now - lastRefresh < REFRESH_MILLIS) {
            return;
        }
        lastRefresh = now;
        Set<Long> live = new HashSet<>();
        for (StoredSegment s : store.segments().list()) {
            live.add(s.id());
            State current = states.get(s.id());
            if (current == null || current.stored.version() != s.version()) {
                State fresh = new State(s, parse(s));
                Optional<Membership> m = store.segments().membership(s.id());
                if (m.isPresent()) {
                    fresh.members = deserialize(m.get().members());
                    fresh.version = m.get().version();
                    states.put(s.id(), fresh);
                } else {
                    defined(s, fresh.condition);
                }
            }
        }
        states.keySet().retainAll(live);
    }

    void tick() {
        refresh(false);
        RoaringBitmap touched = index.drainTouched();
        long now = clock.millis();
        boolean full = fullRequested || now - lastFull >= FULL_MILLIS;
        if (full) {
            fullRequested = false;
            lastFull = now;
        }
        if (!full && touched.isEmpty()) {
            return;
        }
        for (State s : states.values()) {
            synchronized (s) {
                announce(s, full ? null : touched);
            }
        }
    }

    void reevaluateAll() {
        fullRequested = true;
    }

    /** A new or edited definition: its members now, announced as a fresh start (no events). */
    void defined(StoredSegment segment, Condition condition) {
        State s = new State(segment, condition);
        synchronized (s) {
            RoaringBitmap members = evaluate(condition, null);
            long version = store.segments().membership(segment.id()).map(Membership::version).orElse(0L);
            if (store.segments().publishMembership(segment.id(), version, serialize(members), List.of(), now())) {
                s.members = members;
                s.version = version + 1;
            } else {
                Membership m = store.segments().membership(segment.id()).orElseThrow();
                s.members = deserialize(m.members());
                s.version = m.version();
            }
            states.put(segment.id(), s);
        }
    }

    void deleted(long id) {
        states.remove(id);
    }

    /** @param candidates the customers that may have changed, or null for everyone */
    private void announce(State s, RoaringBitmap candidates) {
        RoaringBitmap scope = candidates == null ? RoaringBitmap.or(index.read(ix -> ix.all.clone()), s.members) : candidates;
        RoaringBitmap in = evaluate(s.condition, scope);
        RoaringBitmap before = RoaringBitmap.and(s.members, scope);
        RoaringBitmap entered = RoaringBitmap.andNot(in, before);
        RoaringBitmap left = RoaringBitmap.andNot(before, in);
        if (entered.isEmpty() && left.isEmpty()) {
            return;
        }
        RoaringBitmap members = RoaringBitmap.andNot(s.members, scope);
        members.or(in);
        Instant now = now();
        List<NewEvent> events = new ArrayList<>(entered.getCardinality() + left.getCardinality());
        String properties = properties(s.stored);
        long next = s.version + 1;
        entered.forEach((int c) -> events.add(event(s.stored.id(), next, c, true, now, properties)));
        left.forEach((int c) -> events.add(event(s.stored.id(), next, c, false, now, properties)));
        if (store.segments().publishMembership(s.stored.id(), s.version, serialize(members), events, now)) {
            s.members = members;
            s.version = next;
            LOG.fine(() -> "Segment " + s.stored.id() + ": " + entered.getCardinality() + " entered, "
                    + left.getCardinality() + " left");
        } else {
            // Another node announced first; adopt its view and look again on the next full pass.
            store.segments().membership(s.stored.id()).ifPresent(m -> {
                s.members = deserialize(m.members());
                s.version = m.version();
            });
            fullRequested = true;
        }
    }

    private RoaringBitmap evaluate(Condition condition, RoaringBitmap scope) {
        Instant now = now();
        RfmRule r = rule.get();
        return index.read(ix -> {
            SegmentEvaluator evaluator = new SegmentEvaluator(ix, now, r, this::condition);
            return scope == null ? evaluator.evaluate(condition) : evaluator.evaluate(condition, RoaringBitmap.and(scope, ix.all));
        });
    }

    private static NewEvent event(long segmentId, long version, int customer, boolean entered, Instant now,
            String properties) {
        String id = "segment-" + segmentId + "-v" + version + "-" + customer + (entered ? "-entered" : "-left");
        return new NewEvent(id, entered ? EventTypes.SEGMENT_ENTERED : EventTypes.SEGMENT_LEFT, now, CHANNEL,
                (long) customer, null, properties, List.of(), null);
    }

    private String properties(StoredSegment s) {
        try {
            return json.writeValueAsString(Map.of(EventTypes.SEGMENT_ID, s.id(), "segmentName", s.name()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private Condition parse(StoredSegment s) {
        try {
            return ConditionCodec.fromTree(json.readValue(s.definitionJson(), Object.class), "condition");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition of segment " + s.id() + " is not JSON", e);
        }
    }

    static byte[] serialize(RoaringBitmap b) {
        b.runOptimize();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(b.serializedSizeInBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            b.serialize(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static RoaringBitmap deserialize(byte[] bytes) {
        RoaringBitmap b = new RoaringBitmap();
        try {
            b.deserialize(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    /** Members as last announced, for tests. */
    RoaringBitmap announced(long segmentId) {
        State s = states.get(segmentId);
        return s == null ? null : s.members.clone();
    }
}
