package io.siyu.core.internal.sop;

import com.fasterxml.jackson.core.type.TypeReference;
import io.siyu.api.PageRequest;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.SegmentService;
import io.siyu.api.sop.SopStep;
import io.siyu.api.sop.SopTrigger;
import io.siyu.store.NewSopInstance;
import io.siyu.store.SettingRepository;
import io.siyu.store.SopRepository;
import io.siyu.store.StoredSop;
import io.siyu.store.StoredSopInstance;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts SOP instances: for stored events (right after they are stored, and again from a sweep of
 * the timeline that catches what a crash made the first path miss, including the segment service's
 * {@code segment.entered} events), for schedules when they fire, and for date attributes when a
 * customer's date comes round. Every start names its occurrence ({@code start_key}), so whichever
 * path or node comes second starts nothing.
 *
 * <p>Re-entry: an event, segment or date SOP runs at most one live instance per customer; an
 * occurrence that comes while one runs is dropped (not queued), and a later one starts a new run
 * once the last ended. A schedule starts one instance per firing (per audience member), even while
 * earlier firings' instances still run.
 */
final class SopTriggers {
    private static final Logger LOG = Logger.getLogger(SopTriggers.class.getName());
    static final String CURSOR_SETTING = "sop.event-cursor";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** A date occurrence is still started this long after its time (a node was down, a scan was late). */
    static final Duration DATE_GRACE = Duration.ofDays(1);

    record Settings(Duration cacheFor, Duration sweepLag, Duration dateScan, ZoneId brandZone, String zoneAttribute) {
    }

    /** An event, from either path. */
    record Seen(String eventId, long customerId, String type, Map<String, Object> properties, Instant receivedAt) {
    }

    private final SopRepository repository;
    private final SettingRepository settingsStore;
    private final Definitions definitions;
    private final SegmentService segments;
    private final Clock clock;
    private final Settings settings;
    private volatile List<Definitions.Version> eventSops = List.of();
    private volatile Map<Long, StoredSop> eventSopRows = Map.of();
    private volatile Set<String> awaited = Set.of();
    private volatile boolean stale = true;
    private volatile long cachedAt;
    private long cursor = -1;

    SopTriggers(SopRepository repository, SettingRepository settingsStore, Definitions definitions,
            SegmentService segments, Clock clock, Settings settings) {
        this.repository = repository;
        this.settingsStore = settingsStore;
        this.definitions = definitions;
        this.segments = segments;
        this.clock = clock;
        this.settings = settings;
    }

    /** Definitions changed on this node: read them again on the next event. */
    void invalidate() {
        stale = true;
    }

    private void refresh() {
        long now = clock.millis();
        if (!stale && now - cachedAt < settings.cacheFor().toMillis()) {
            return;
        }
        stale = false;
        List<Definitions.Version> versions = new ArrayList<>();
        Map<Long, StoredSop> rows = new java.util.HashMap<>();
        for (String kind : List.of("event", "segmentEntered")) {
            for (StoredSop s : repository.active(kind)) {
                versions.add(definitions.parse(s));
                rows.put(s.id(), s);
            }
        }
        Set<String> types = new HashSet<>();
        for (StoredSop s : repository.list()) {
            if (s.state() != io.siyu.api.sop.SopState.STOPPED) {
                for (int v = 1; v <= s.latestVersion(); v++) {
                    definitions.version(s.id(), v).ifPresent(d -> types.addAll(Definitions.awaitedTypes(d)));
                }
            }
        }
        eventSops = List.copyOf(versions);
        eventSopRows = Map.copyOf(rows);
        awaited = Set.copyOf(types);
        cachedAt = now;
    }

    /** Whether an event of this type can start or wake anything now; cheap, so ingestion asks first. */
    boolean wants(String type) {
        refresh();
        if (awaited.contains(type)) {
            return true;
        }
        for (Definitions.Version v : eventSops) {
            SopTrigger t = v.draft().trigger();
            if (t instanceof SopTrigger.Event e ? e.eventType().equals(type)
                    : EventTypes.SEGMENT_ENTERED.equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** Starts instances for these events and wakes instances waiting for them. */
    void seen(List<Seen> events, boolean fromSweep) {
        refresh();
        if (eventSops.isEmpty() && awaited.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<NewSopInstance> starts = new ArrayList<>();
        for (Seen e : events) {
            for (Definitions.Version v : eventSops) {
                if (triggers(v.draft().trigger(), e)) {
                    starts.add(new NewSopInstance(v.sopId(), v.version(), e.customerId(), v.tree().first(),
                            "sop:" + v.sopId() + ":ev:" + e.eventId(), liveKey(v.sopId(), e.customerId()),
                            "event " + e.eventId(), now));
                }
            }
            if (awaited.contains(e.type())) {
                wake(e, fromSweep);
            }
        }
        if (!starts.isEmpty()) {
            repository.start(starts);
        }
    }

    static String liveKey(long sopId, long customerId) {
        return "sop:" + sopId + ":c:" + customerId;
    }

    private static boolean triggers(SopTrigger trigger, Seen e) {
        if (trigger instanceof SopTrigger.Event t) {
            return t.eventType().equals(e.type()) && matches(t.filters(), e.properties());
        }
        if (trigger instanceof SopTrigger.SegmentEntered s) {
            Object id = e.properties().get(EventTypes.SEGMENT_ID);
            return EventTypes.SEGMENT_ENTERED.equals(e.type()) && id != null && same(id, s.segmentId());
        }
        return false;
    }

    /** Every filter names a property whose value equals it (numbers by value, the rest as text). */
    static boolean matches(Map<String, Object> filters, Map<String, Object> properties) {
        for (Map.Entry<String, Object> f : filters.entrySet()) {
            Object actual = properties.get(f.getKey());
            if (actual == null || !same(actual, f.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number || b instanceof Number) {
            try {
                return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
            } catch (NumberFormatException notBothNumbers) {
                return false;
            }
        }
        return a.toString().equals(b.toString());
    }

    private void wake(Seen e, boolean fromSweep) {
        for (StoredSopInstance i : repository.waitingFor(e.customerId(), e.type())) {
            if (fromSweep && i.waitSince() != null && e.receivedAt().isBefore(i.waitSince())) {
                continue; // older than the wait
            }
            SopStep step = definitions.version(i.sopId(), i.sopVersion()).map(v -> v.tree().step(i.stepId())).orElse(null);
            if (step instanceof SopStep.WaitForEvent w && matches(w.filters(), e.properties())) {
                repository.eventArrived(i.id(), i.rowVersion(), e.eventId(), clock.instant());
            }
        }
    }

    /**
     * Reads the timeline past the cursor and handles what it finds, up to events stored
     * {@code sweepLag} ago: by then every transaction that drew a lower number has committed.
     */
    int sweep() {
        if (cursor < 0) {
            cursor = settingsStore.get(CURSOR_SETTING).map(Long::parseLong).orElseGet(repository::eventHead);
        }
        Instant horizon = clock.instant().minus(settings.sweepLag());
        long start = cursor;
        int handled = 0;
        while (true) {
            List<SopRepository.SweptEvent> page = repository.eventsAfter(cursor, 1000);
            List<Seen> batch = new ArrayList<>();
            boolean reachedHorizon = false;
            for (SopRepository.SweptEvent e : page) {
                if (e.receivedAt().isAfter(horizon)) {
                    reachedHorizon = true;
                    break;
                }
                batch.add(new Seen(e.eventId(), e.customerId(), e.type(), properties(e.propertiesJson()), e.receivedAt()));
                cursor = e.seq();
            }
            if (!batch.isEmpty()) {
                seen(batch, true);
                handled += batch.size();
            }
            if (reachedHorizon || page.size() < 1000) {
                break;
            }
        }
        if (cursor != start) {
            settingsStore.put(CURSOR_SETTING, Long.toString(cursor));
        }
        return handled;
    }

    static Map<String, Object> properties(String json) {
        try {
            return Definitions.JSON.readValue(json, MAP);
        } catch (IOException broken) {
            return Map.of();
        }
    }

    /** Fires every schedule that is due; returns how many instances were started. */
    int fireSchedules() {
        Instant now = clock.instant();
        int started = 0;
        for (StoredSop s : repository.active("schedule")) {
            if (s.nextFireAt() == null || s.nextFireAt().isAfter(now)) {
                continue;
            }
            try {
                started += fire(s, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SOP " + s.id() + " could not fire its schedule", e);
            }
        }
        return started;
    }

    private int fire(StoredSop s, Instant now) {
        Definitions.Version v = definitions.parse(s);
        SopTrigger.Schedule schedule = (SopTrigger.Schedule) v.draft().trigger();
        Instant fireAt = s.nextFireAt();
        String base = "sop:" + s.id() + ":fire:" + fireAt.getEpochSecond();
        int started = 0;
        if (schedule.audience() == null) {
            started += count(repository.start(List.of(new NewSopInstance(s.id(), s.version(), null, v.tree().first(),
                    base, null, "schedule " + fireAt, now))));
        } else {
            for (int offset = 0;; offset += PageRequest.MAX_LIMIT) {
                List<Long> members = segments.members(Caller.SYSTEM, schedule.audience(),
                        new PageRequest(offset, PageRequest.MAX_LIMIT)).items();
                List<NewSopInstance> batch = new ArrayList<>(members.size());
                for (long customer : members) {
                    batch.add(new NewSopInstance(s.id(), s.version(), customer, v.tree().first(), base + ":" + customer,
                            null, "schedule " + fireAt, now));
                }
                started += count(repository.start(batch));
                if (members.size() < PageRequest.MAX_LIMIT) {
                    break;
                }
            }
        }
        // Missed firings (the cluster was down) are not made up one by one: the next is after now.
        Instant next = Cron.parse(schedule.cron()).next(now.isAfter(fireAt) ? now : fireAt, schedule.zone());
        repository.advanceFire(s.id(), fireAt, next);
        return started;
    }

    /** Runs the date scans that are due; returns how many instances were started. */
    int scanDates() {
        Instant now = clock.instant();
        int started = 0;
        for (StoredSop s : repository.active("dateAttribute")) {
            if (s.nextFireAt() != null && s.nextFireAt().isAfter(now)) {
                continue;
            }
            try {
                started += scan(s, now);
                repository.advanceFire(s.id(), s.nextFireAt(), now.plus(settings.dateScan()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SOP " + s.id() + " could not scan its date attribute", e);
            }
        }
        return started;
    }

    private int scan(StoredSop s, Instant now) {
        Definitions.Version v = definitions.parse(s);
        SopTrigger.DateAttribute t = (SopTrigger.DateAttribute) v.draft().trigger();
        List<NewSopInstance> starts = new ArrayList<>();
        for (SopRepository.DateValue d : repository.dateValues(t.attribute(), settings.zoneAttribute())) {
            ZoneId zone = SopEngine.zone(d.zone(), settings.brandZone());
            LocalDate occurrence = occurrence(d.date(), t, zone, now);
            if (occurrence != null) {
                starts.add(new NewSopInstance(s.id(), s.version(), d.customerId(), v.tree().first(),
                        "sop:" + s.id() + ":date:" + d.customerId() + ":" + occurrence, liveKey(s.id(), d.customerId()),
                        t.attribute() + " " + d.date(), now));
            }
        }
        return count(repository.start(starts));
    }

    /** The occurrence whose time has come within the grace period, or null. */
    static LocalDate occurrence(LocalDate date, SopTrigger.DateAttribute t, ZoneId zone, Instant now) {
        int year = LocalDate.ofInstant(now, zone).getYear();
        List<LocalDate> bases = t.yearly() ? List.of(date.withYear(year - 1), date.withYear(year), date.withYear(year + 1))
                : List.of(date);
        for (LocalDate base : bases) {
            LocalDate day = base.plusDays(t.offsetDays());
            Instant at = day.atTime(t.time()).atZone(zone).toInstant();
            if (!at.isAfter(now) && at.isAfter(now.minus(DATE_GRACE))) {
                return day;
            }
        }
        return null;
    }

    private static int count(List<Long> ids) {
        int n = 0;
        for (Long id : ids) {
            if (id != null) {
                n++;
            }
        }
        return n;
    }
}
