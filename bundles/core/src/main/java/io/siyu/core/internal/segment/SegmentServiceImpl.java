package io.siyu.core.internal.segment;

import java.util.HashMap;
import io.siyu.store.CustomerFacts;
import io.siyu.core.internal.policy.CustomerBitmaps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ConflictException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Permission;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.org.Reach;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.ConditionCodec;
import io.siyu.api.segment.CustomerLayer;
import io.siyu.api.segment.RfmRule;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.api.segment.SegmentService;
import io.siyu.core.internal.Scopes;
import io.siyu.store.Store;
import io.siyu.store.StoredSegment;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Segments evaluated on the in-memory index. A background thread keeps the index current and
 * announces who entered or left each stored segment (see {@link Memberships}).
 */
@Component(service = {SegmentService.class, SegmentServiceImpl.class, CustomerBitmaps.class}, immediate = true)
public final class SegmentServiceImpl implements SegmentService, CustomerBitmaps, CustomerMatcher {
    private static final Logger LOG = Logger.getLogger(SegmentServiceImpl.class.getName());
    static final String RFM_SETTING = "segment.rfm-rule";
    static final long TICK_MILLIS = 250;
    /** How often the index is saved for fast restarts (and the change log pruned). */
    static final long SNAPSHOT_MILLIS = 10 * 60_000L;
    private long lastSnapshot;
    static final String OWNER_STAFF = "ownerStaff";

    private final Store store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final SegmentIndex index;
    private final Memberships memberships;
    private final ScheduledExecutorService worker;
    private volatile RfmRule rule;

    private final AttributeSchemaService schema;
    private final Authority authority;

    @Activate
    public SegmentServiceImpl(@Reference Store store, @Reference AttributeSchemaService schema,
            @Reference Authority authority) {
        this(store, schema, Clock.systemUTC(), true, authority);
    }

    /** @param background false in tests, which call {@link #tick()} themselves */
    public SegmentServiceImpl(Store store, AttributeSchemaService schema, Clock clock, boolean background) {
        this(store, schema, clock, background, Authority.of(store, List::of));
    }

    public SegmentServiceImpl(Store store, AttributeSchemaService schema, Clock clock, boolean background,
            Authority authority) {
        this(store, schema, clock, background, authority, defaultSnapshotFile());
    }

    /** @param snapshotFile where the index is saved, null for nowhere */
    SegmentServiceImpl(Store store, AttributeSchemaService schema, Clock clock, boolean background,
            Authority authority, java.nio.file.Path snapshotFile) {
        this.store = store;
        this.schema = schema;
        this.authority = authority;
        this.clock = clock;
        this.index = new SegmentIndex(store, clock, snapshotFile);
        this.lastSnapshot = clock.millis();
        this.rule = readRule();
        this.memberships = new Memberships(store, index, clock, json, this::currentRule);
        if (background) {
            worker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "siyu-segment-index");
                t.setDaemon(true);
                return t;
            });
            worker.execute(this::start);
            worker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            worker = null;
            start();
        }
    }

    private static java.nio.file.Path defaultSnapshotFile() {
        String data = System.getProperty("karaf.data");
        return data == null ? null : java.nio.file.Path.of(data, "siyu", "segment-index.bin");
    }

    private void start() {
        try {
            index.start();
            memberships.refresh(true);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Building the segment index failed; it is retried", e);
        }
    }

    /** One round of background work: catch up, refresh definitions, announce membership changes. */
    void tick() {
        try {
            if (!index.ready()) {
                start();
                return;
            }
            index.catchUp();
            rule = readRule();
            memberships.tick();
            long now = clock.millis();
            if (now - lastSnapshot >= SNAPSHOT_MILLIS) {
                lastSnapshot = now;
                index.saveSnapshot();
                index.pruneChangeLog();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Segment index maintenance failed; retrying", e);
        }
    }

    @Deactivate
    void deactivate() {
        if (worker != null) {
            worker.shutdown(); // lets a running catch-up finish, so the save below holds it
            try {
                if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                    // still building or catching up (it holds the index's lock): stop without saving
                    worker.shutdownNow();
                    LOG.info("The segment index was still catching up; not saved on stop");
                    return;
                }
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
                return;
            }
        }
        // A stop saves what the index has caught up to: the next start reads only what came after
        // (at a million customers 2 s, against half a minute behind a 10-minute-old snapshot).
        try {
            index.saveSnapshot();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not save the segment index on stop; the next start catches up from the last save", e);
        }
    }

    Memberships memberships() {
        return memberships;
    }

    private RfmRule currentRule() {
        return rule;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public SegmentDefinition define(Caller caller, SegmentDraft draft) {
        authority.require(caller, Permission.SEGMENT_MANAGE);
        check(draft.condition(), null);
        StoredSegment s = store.segments().insert(draft.name(), draft.description(), write(draft.condition()), now());
        memberships.defined(s, draft.condition());
        return toApi(s, draft.condition());
    }

    @Override
    public SegmentDefinition update(Caller caller, long id, SegmentDraft draft, Long expectedVersion) {
        authority.require(caller, Permission.SEGMENT_MANAGE);
        if (store.segments().find(id).isEmpty()) {
            throw new NotFoundException("segment", id);
        }
        check(draft.condition(), id);
        StoredSegment s = store.segments().update(id, draft.name(), draft.description(), write(draft.condition()),
                expectedVersion, now()).orElseThrow(() -> new NotFoundException("segment", id));
        memberships.defined(s, draft.condition());
        return toApi(s, draft.condition());
    }

    @Override
    public void delete(Caller caller, long id) {
        authority.require(caller, Permission.SEGMENT_MANAGE);
        if (store.segments().find(id).isEmpty()) {
            throw new NotFoundException("segment", id);
        }
        List<String> users = new ArrayList<>();
        for (StoredSegment s : store.segments().list()) {
            if (s.id() != id && ConditionChecker.references(read(s)).contains(id)) {
                users.add(s.name() + " (" + s.id() + ")");
            }
        }
        if (!users.isEmpty()) {
            throw new ConflictException("segment " + id + " is used by " + String.join(", ", users) + ": change those first");
        }
        store.segments().delete(id);
        memberships.deleted(id);
    }

    @Override
    public SegmentDefinition get(Caller caller, long id) {
        authority.require(caller, Permission.CUSTOMER_READ);
        StoredSegment s = store.segments().find(id).orElseThrow(() -> new NotFoundException("segment", id));
        return toApi(s, read(s));
    }

    @Override
    public List<SegmentDefinition> list(Caller caller) {
        authority.require(caller, Permission.CUSTOMER_READ);
        return store.segments().list().stream().map(s -> toApi(s, read(s))).toList();
    }

    @Override
    public long count(Caller caller, Condition condition) {
        authority.require(caller, Permission.CUSTOMER_READ);
        check(condition, null);
        return evaluate(condition, authority.reach(caller)).getLongCardinality();
    }

    @Override
    public io.siyu.api.segment.Breakdown breakdown(Caller caller, Condition condition, String rows, String columns) {
        authority.require(caller, Permission.CUSTOMER_READ);
        java.util.Set<String> known = new java.util.HashSet<>();
        schema.list().forEach(d -> known.add(d.name()));
        List<io.siyu.api.FieldError> errors = new ArrayList<>();
        if (rows == null || !known.contains(rows)) {
            errors.add(io.siyu.api.FieldError.of("rows", "no attribute '" + rows + "'"));
        }
        if (columns != null && (!known.contains(columns) || columns.equals(rows))) {
            errors.add(io.siyu.api.FieldError.of("columns", columns.equals(rows) ? "must differ from rows"
                    : "no attribute '" + columns + "'"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (condition != null) {
            check(condition, null);
        }
        Reach reach = authority.reach(caller);
        RoaringBitmap base = condition == null ? index.read(ix -> ix.all.clone()) : evaluate(condition);
        if (!reach.all()) {
            base.and(followedBy(reach.staffKeys()));
        }
        Map<String, RoaringBitmap> byRow = values(rows, base, "rows");
        Map<String, RoaringBitmap> byColumn = columns == null ? Map.of(io.siyu.api.segment.Breakdown.ALL, base)
                : values(columns, base, "columns");
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        byRow.forEach((row, who) -> {
            Map<String, Long> line = new LinkedHashMap<>();
            byColumn.forEach((column, them) -> {
                long n = RoaringBitmap.andCardinality(who, them);
                if (n > 0) {
                    line.put(column, n);
                }
            });
            counts.put(row, line);
        });
        return new io.siyu.api.segment.Breakdown(rows, columns, counts, base.getLongCardinality());
    }

    /** The base's customers per value of a text, enum or boolean attribute; those without one under "". */
    private Map<String, RoaringBitmap> values(String attribute, RoaringBitmap base, String field) {
        return index.read(ix -> {
            AttributeColumn col = ix.attributes.get(attribute);
            Map<String, RoaringBitmap> split = new java.util.TreeMap<>();
            if (col != null && !col.numbers.isEmpty()) {
                throw new ValidationException(io.siyu.api.FieldError.of(field, "'" + attribute
                        + "' holds numbers; break down by a text, enum or boolean attribute (or use a segment per range)"));
            }
            RoaringBitmap without = base.clone();
            if (col != null) {
                col.texts.forEach((value, who) -> put(split, value, RoaringBitmap.and(base, who)));
                put(split, "true", RoaringBitmap.and(base, col.trues));
                put(split, "false", RoaringBitmap.and(base, col.falses));
                without.andNot(col.has);
            }
            put(split, io.siyu.api.segment.Breakdown.NONE, without);
            return split;
        });
    }

    private static void put(Map<String, RoaringBitmap> split, String value, RoaringBitmap who) {
        if (!who.isEmpty()) {
            split.put(value, who);
        }
    }

    @Override
    public Page<Long> members(Caller caller, Condition condition, PageRequest page) {
        authority.require(caller, Permission.CUSTOMER_READ);
        check(condition, null);
        RoaringBitmap members = evaluate(condition, authority.reach(caller));
        long total = members.getLongCardinality();
        List<Long> ids = new ArrayList<>();
        if (page.offset() < total) {
            PeekableIntIterator it = members.getIntIterator();
            it.advanceIfNeeded(members.select((int) page.offset()));
            while (it.hasNext() && ids.size() < page.limit()) {
                ids.add((long) it.next());
            }
        }
        return new Page<>(ids, total, page.offset(), page.limit());
    }

    @Override
    public RoaringBitmap reachable(String idType, String namespace) {
        String name = CustomerFacts.reachAttribute(idType, namespace);
        return index.read(ix -> {
            AttributeColumn col = ix.attributes.get(name);
            return col == null ? new RoaringBitmap() : col.has.clone();
        });
    }

    @Override
    public Map<String, RoaringBitmap> textValues(String attribute) {
        return index.read(ix -> {
            Map<String, RoaringBitmap> values = new HashMap<>();
            AttributeColumn col = ix.attributes.get(attribute);
            if (col != null) {
                col.texts.forEach((v, who) -> values.put(v, who.clone()));
            }
            return values;
        });
    }

    /** Reads the index for figures segments do not answer (events per day, the loop funnel). */
    <T> T readIndex(java.util.function.Function<CustomerIndex, T> query) {
        return index.read(query);
    }

    /** The members of a condition the caller reaches. */
    public RoaringBitmap evaluate(Condition condition, Reach reach) {
        RoaringBitmap members = evaluate(condition);
        if (!reach.all()) {
            members.and(followedBy(reach.staffKeys()));
        }
        return members;
    }

    @Override
    public RoaringBitmap followedBy(java.util.Set<String> staffKeys) {
        RoaringBitmap owned = index.read(ix -> {
            RoaringBitmap union = new RoaringBitmap();
            AttributeColumn col = ix.attributes.get(OWNER_STAFF);
            if (col != null) {
                for (String key : staffKeys) {
                    RoaringBitmap who = col.texts.get(key);
                    if (who != null) {
                        union.or(who);
                    }
                }
            }
            return union;
        });
        for (long id : store.org().sharedWith(staffKeys)) {
            owned.add(CustomerIndex.slot(id));
        }
        return owned;
    }

    /** The members of a condition now, as a bitmap of customer ids (planners use it whole). */
    public RoaringBitmap evaluate(Condition condition) {
        Instant now = now();
        RfmRule r = rule;
        return index.read(ix -> new SegmentEvaluator(ix, now, r, memberships::condition).evaluate(condition));
    }

    @Override
    public boolean matches(long customerId, Condition condition) {
        check(condition, null);
        Instant now = now();
        RfmRule r = rule;
        return index.read(ix -> {
            int slot = CustomerIndex.slot(customerId);
            if (!ix.all.contains(slot)) {
                return false;
            }
            return new SegmentEvaluator(ix, now, r, memberships::condition)
                    .evaluate(condition, RoaringBitmap.bitmapOf(slot)).contains(slot);
        });
    }

    @Override
    public CustomerLayer layerOf(Caller caller, long customerId) {
        authority.require(caller, Permission.CUSTOMER_READ);
        authority.requireCustomer(caller, customerId);
        Instant now = now();
        RfmRule r = rule;
        return index.read(ix -> {
            int slot = CustomerIndex.slot(customerId);
            if (!ix.all.contains(slot)) {
                throw new NotFoundException("customer", customerId);
            }
            return new SegmentEvaluator(ix, now, r, memberships::condition).layer(slot);
        });
    }

    @Override
    public RfmRule rfmRule() {
        return rule;
    }

    @Override
    public void setRfmRule(Caller caller, RfmRule newRule) {
        Scopes.requireAll(caller);
        authority.require(caller, Permission.SEGMENT_MANAGE);
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("windowDays", newRule.windowDays());
            m.put("recencyDays", newRule.recencyDays());
            m.put("frequencyCounts", newRule.frequencyCounts());
            m.put("monetaryAmounts", newRule.monetaryAmounts());
            m.put("loyalMinScore", newRule.loyalMinScore());
            m.put("coreMinScore", newRule.coreMinScore());
            store.settings().put(RFM_SETTING, json.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        rule = newRule;
        memberships.reevaluateAll();
    }

    private RfmRule readRule() {
        Optional<String> stored = store.settings().get(RFM_SETTING);
        if (stored.isEmpty()) {
            return RfmRule.DEFAULT;
        }
        try {
            Map<?, ?> m = json.readValue(stored.get(), Map.class);
            return new RfmRule(((Number) m.get("windowDays")).intValue(),
                    ((List<?>) m.get("recencyDays")).stream().map(v -> ((Number) v).intValue()).toList(),
                    ((List<?>) m.get("frequencyCounts")).stream().map(v -> ((Number) v).intValue()).toList(),
                    ((List<?>) m.get("monetaryAmounts")).stream().map(v -> new BigDecimal(v.toString())).toList(),
                    ((Number) m.get("loyalMinScore")).intValue(), ((Number) m.get("coreMinScore")).intValue());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.log(Level.WARNING, "The stored RFM rule is unreadable; using the default", e);
            return RfmRule.DEFAULT;
        }
    }

    /**
     * Tags known to exist. Counting is what a segment builder does on every keystroke, so the set
     * is only re-read when a condition names a tag it does not hold.
     */
    private volatile Set<Long> knownTags = Set.of();

    private void check(Condition condition, Long self) {
        List<FieldError> errors = ConditionChecker.check(condition, "condition", knownTags, this::segmentCondition, self,
                this::attribute);
        if (!errors.isEmpty()) {
            Set<Long> tagIds = new HashSet<>();
            store.tags().list().forEach(t -> tagIds.add(t.id()));
            knownTags = Set.copyOf(tagIds);
            errors = ConditionChecker.check(condition, "condition", tagIds, this::segmentCondition, self, this::attribute);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The schema as last read; re-read when a name is missing or the copy is a few seconds old. */
    private volatile Map<String, AttributeDefinition> knownAttributes = Map.of();
    private volatile long attributesReadAt;

    private AttributeDefinition attribute(String name) {
        AttributeDefinition def = knownAttributes.get(name);
        long now = clock.millis();
        if (def == null || now - attributesReadAt > 5_000) {
            Map<String, AttributeDefinition> fresh = new java.util.HashMap<>();
            schema.list().forEach(d -> fresh.put(d.name(), d));
            knownAttributes = Map.copyOf(fresh);
            attributesReadAt = now;
            def = fresh.get(name);
        }
        return def;
    }

    /** Stored definitions as this node last saw them; the store for ones it has not seen yet. */
    private Condition segmentCondition(long id) {
        return memberships.condition(id);
    }

    String write(Condition condition) {
        try {
            return json.writeValueAsString(ConditionCodec.toTree(condition));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Condition read(StoredSegment s) {
        try {
            return ConditionCodec.fromTree(json.readValue(s.definitionJson(), Object.class), "condition");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition of segment " + s.id() + " is not JSON", e);
        }
    }

    private static SegmentDefinition toApi(StoredSegment s, Condition c) {
        return new SegmentDefinition(s.id(), s.name(), s.description(), c, s.version());
    }

    long indexSizeInBytes() {
        return index.sizeInBytes();
    }

    /** For the status command and benchmarks. */
    public String status() {
        return index.ready() ? "ready, built in " + index.builtInMillis() + " ms, ~" + index.sizeInBytes() / (1024 * 1024) + " MB"
                : "building (" + index.scanned() + " customers read)";
    }
}
