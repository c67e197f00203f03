package io.siyu.core.internal;

import io.siyu.api.NotFoundException;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import io.siyu.api.customer.TagRuleRun;
import io.siyu.store.NewEvent;
import io.siyu.store.Retagged;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Puts auto tags on and takes them off by their rules: for the customers of an ingested batch, and
 * for every customer when a rule is created or changed (in the background, a thousand customers per
 * transaction). The timeline names the rule ({@code rule:<tag id>}) as the one who did it.
 */
@Component(service = AutoTagger.class)
public final class AutoTagger {
    static final int CHUNK = 1000;
    /**
     * How often rules with a window ("in the last 30 days") are re-evaluated for everyone, so a tag
     * comes off when the events age out even if the customer does nothing.
     */
    static final Duration WINDOW_REFRESH = Duration.ofHours(6);
    private static final Logger LOG = Logger.getLogger(AutoTagger.class.getName());

    private final Store store;
    private final Clock clock;
    private final Executor background;
    private final Map<Long, TagRuleRun> runs = new ConcurrentHashMap<>();

    @Activate
    public AutoTagger(@Reference Store store) {
        this(store, Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-auto-tags");
            t.setDaemon(true);
            return t;
        }));
        ((ScheduledExecutorService) background).scheduleWithFixedDelay(this::refreshWindowedRules,
                WINDOW_REFRESH.toMinutes(), WINDOW_REFRESH.toMinutes(), TimeUnit.MINUTES);
    }

    AutoTagger(Store store, Clock clock, Executor background) {
        this.store = store;
        this.clock = clock;
        this.background = background;
    }

    @Deactivate
    void stop() {
        if (background instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String by(long tagId) {
        return "rule:" + tagId;
    }

    /** Re-evaluates the rules that watch these events' types, for the customers the events belong to. */
    void eventsStored(List<NewEvent> events) {
        Set<String> types = new HashSet<>();
        events.forEach(e -> types.add(e.type()));
        List<TagDefinition> rules = store.tags().definitions().stream()
                .filter(t -> t.kind() == TagKind.AUTO && t.rule() != null && types.contains(t.rule().eventType()))
                .toList();
        if (rules.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        events.stream().filter(e -> rules.stream().anyMatch(r -> r.rule().eventType().equals(e.type())))
                .forEach(e -> ids.add(e.id()));
        Set<Long> customers = store.tags().customersOfEvents(ids);
        for (TagDefinition tag : rules) {
            try {
                for (List<Long> chunk : chunks(customers)) {
                    evaluate(tag.id(), tag.rule(), chunk);
                }
            } catch (NotFoundException deletedMeanwhile) {
                // the tag was deleted since the rules were read: nothing to keep in line
            }
        }
    }

    /**
     * Brings the tag in line with its rule for these customers, in one transaction.
     *
     * @return {added, removed}
     */
    int[] evaluate(long tagId, TagRule rule, Collection<Long> customers) {
        Instant now = now();
        Instant since = rule.withinDays() == null ? null : now.minus(Duration.ofDays(rule.withinDays()));
        Map<Long, List<String>> events = store.tags().eventProperties(rule.eventType(), since, customers);
        Set<Long> holders = store.tags().holders(tagId, customers);
        List<Long> add = new ArrayList<>();
        List<Long> remove = new ArrayList<>();
        for (long id : customers) {
            boolean qualifies = RuleMatcher.satisfied(rule, events.get(id));
            if (qualifies && !holders.contains(id)) {
                add.add(id);
            } else if (!qualifies && holders.contains(id)) {
                remove.add(id);
            }
        }
        if (add.isEmpty() && remove.isEmpty()) {
            return new int[] {0, 0};
        }
        Retagged r = store.tags().retag(tagId, add, remove, by(tagId), now);
        if (!r.ok()) {
            // customers deleted since they were read: evaluate the others
            add.removeAll(r.unknownCustomers());
            remove.removeAll(r.unknownCustomers());
            r = store.tags().retag(tagId, add, remove, by(tagId), now);
        }
        return new int[] {r.added(), r.removed()};
    }

    /** Starts a pass over every customer for each rule with a window. */
    void refreshWindowedRules() {
        try {
            store.tags().definitions().stream()
                    .filter(t -> t.kind() == TagKind.AUTO && t.rule() != null && t.rule().withinDays() != null)
                    .forEach(this::start);
        } catch (RuntimeException e) {
            // the store may be away for a while; the next refresh tries again
            LOG.log(Level.WARNING, "Siyu auto tags: cannot refresh rules with a window", e);
        }
    }

    /** Starts re-evaluating the tag's rule for every customer in the background. */
    TagRuleRun start(TagDefinition tag) {
        Instant started = now();
        TagRuleRun first = new TagRuleRun(tag.id(), TagRuleRun.State.RUNNING, 0, store.customers().count(), 0, 0,
                started, null, null);
        runs.put(tag.id(), first);
        background.execute(() -> runAll(tag, first));
        return runs.get(tag.id());
    }

    private void runAll(TagDefinition tag, TagRuleRun run) {
        long done = 0;
        long added = 0;
        long removed = 0;
        try {
            long after = Long.MIN_VALUE;
            while (true) {
                // a newer run for the same tag (the rule changed again) makes this one moot
                if (!run.equals(runs.get(tag.id()))) {
                    return;
                }
                List<Long> chunk = store.tags().customerIdsAfter(after, CHUNK);
                if (chunk.isEmpty()) {
                    break;
                }
                int[] r = evaluate(tag.id(), tag.rule(), chunk);
                added += r[0];
                removed += r[1];
                done += chunk.size();
                after = chunk.get(chunk.size() - 1);
                run = progress(tag.id(), run, new TagRuleRun(tag.id(), TagRuleRun.State.RUNNING, done,
                        Math.max(done, run.customersTotal()), added, removed, run.startedAt(), null, null));
            }
            progress(tag.id(), run, new TagRuleRun(tag.id(), TagRuleRun.State.DONE, done, done, added, removed,
                    run.startedAt(), now(), null));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Siyu auto tag " + tag.id() + ": re-evaluating the rule failed", e);
            progress(tag.id(), run, new TagRuleRun(tag.id(), TagRuleRun.State.FAILED, done, run.customersTotal(),
                    added, removed, run.startedAt(), now(), String.valueOf(e.getMessage())));
        }
    }

    /** Replaces the run's progress unless a newer run of the same tag has taken over. */
    private TagRuleRun progress(long tagId, TagRuleRun current, TagRuleRun next) {
        runs.replace(tagId, current, next);
        return next;
    }

    Optional<TagRuleRun> run(long tagId) {
        return Optional.ofNullable(runs.get(tagId));
    }

    void forget(long tagId) {
        runs.remove(tagId);
    }

    static <T> List<List<T>> chunks(Collection<T> all) {
        List<T> list = new ArrayList<>(all);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += CHUNK) {
            out.add(list.subList(i, Math.min(list.size(), i + CHUNK)));
        }
        return out;
    }
}
