package io.siyu.core.internal.edition;

import io.siyu.api.NotFoundException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.EditionRole;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Role;
import io.siyu.core.internal.EditionAttributes;
import io.siyu.core.internal.Scopes;
import io.siyu.store.Store;
import java.net.URL;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.BundleTracker;

/**
 * The edition extender: an active bundle with a {@code Siyu-Edition} header is an edition, and what
 * it declares under {@code SIYU-INF/} (attributes, roles, org model, tags, presets, templates,
 * dashboards, compliance rules, terminology; see {@link EditionResources}) is available while the
 * bundle is active. When the bundle stops, the declarations go with it; data made from them
 * (tags, applied presets, stored attribute values) stays. Edition bundles need no code of their own.
 */
@Component(service = {EditionRegistry.class, EditionAttributes.class, ActiveEditions.class}, immediate = true)
public final class EditionTracker implements EditionRegistry, EditionAttributes, ActiveEditions {
    private static final Logger LOG = Logger.getLogger(EditionTracker.class.getName());

    /** An active edition with what it declares; both appear and go away together. */
    private record Active(EditionDescriptor descriptor, EditionContent content, List<AttributeDefinition> attributes,
            List<io.siyu.core.internal.AttributeFeed> feeds) {
    }

    private final Map<Long, Active> editions = new ConcurrentHashMap<>();
    private final List<Consumer<EditionContent>> watchers = new CopyOnWriteArrayList<>();
    private final OperatingModels models;
    private final BundleTracker<EditionDescriptor> tracker;

    @Activate
    public EditionTracker(BundleContext context) {
        models = new OperatingModels(Clock.systemUTC());
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public EditionDescriptor addingBundle(Bundle bundle, BundleEvent event) {
                String header = bundle.getHeaders("").get(EditionDescriptor.HEADER);
                return header == null ? null : load(bundle, header);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, EditionDescriptor edition) {
                EditionTracker.this.remove(bundle.getBundleId());
            }
        };
        tracker.open();
    }

    /** Without OSGi, for tests: editions come through {@link #add} and {@link #remove}. */
    EditionTracker(Clock clock) {
        models = new OperatingModels(clock);
        tracker = null;
    }

    @Deactivate
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    /** The store keeps the chosen operating models; without one every edition runs its default. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStore(Store store) {
        models.use(store.settings());
    }

    void unbindStore(Store store) {
        models.use(null);
    }

    private EditionDescriptor load(Bundle bundle, String header) {
        EditionDescriptor edition = EditionHeader.parse(header, bundle.getVersion().toString(), bundle.getBundleId());
        EditionResources.Loaded loaded = EditionResources.load(edition.id(), name -> {
            URL url = bundle.getEntry(name);
            return url == null ? null : url.openStream();
        }, problem -> LOG.warning(() -> "Siyu edition '" + edition.id() + "': " + problem + " (skipped)"));
        add(edition, loaded);
        LOG.info(() -> "Siyu edition '" + edition.id() + "' installed from bundle " + bundle.getSymbolicName()
                + ": " + summary(loaded));
        return edition;
    }

    void add(EditionDescriptor edition, EditionResources.Loaded loaded) {
        EditionContent content = loaded.content();
        warnAboutTakenRoles(content);
        editions.put(edition.bundleId(), new Active(edition, content, loaded.attributes(), loaded.feeds()));
        for (Consumer<EditionContent> w : watchers) {
            notify(w, content);
        }
    }

    void remove(long bundleId) {
        Active gone = editions.remove(bundleId);
        if (gone != null) {
            LOG.info(() -> "Siyu edition '" + gone.descriptor().id() + "' withdrawn with its declarations"
                    + " (tags, segments, SOPs and stored values made from them stay)");
        }
    }

    private void warnAboutTakenRoles(EditionContent content) {
        Map<String, String> taken = new HashMap<>();
        editions.values().forEach(a -> a.content().roles().forEach(r -> taken.put(r.id(), a.descriptor().id())));
        for (EditionRole r : content.roles()) {
            String other = taken.get(r.id());
            if (other != null && !other.equals(content.editionId())) {
                LOG.warning(() -> "Siyu edition '" + content.editionId() + "': role '" + r.id() + "' is also declared"
                        + " by edition '" + other + "'; the edition first by id defines it");
            }
        }
    }

    private static String summary(EditionResources.Loaded l) {
        EditionContent c = l.content();
        return l.attributes().size() + " attributes, " + c.roles().size() + " roles"
                + (c.operatingModels().isEmpty() ? "" : " under " + c.operatingModels().size() + " operating models")
                + ", " + c.unitKinds().size() + " unit kinds, " + c.positions().size() + " positions, "
                + c.tagGroups().size() + " tag groups, " + c.segmentPresets().size() + " segment presets, "
                + c.sopTemplates().size() + " SOP templates, " + c.dashboards().size() + " dashboards, "
                + c.compliance().sensitiveWords().size() + " sensitive words, "
                + c.compliance().riskDisclosures().size() + " risk disclosures, " + c.terminology().size() + " terms";
    }

    private static void notify(Consumer<EditionContent> watcher, EditionContent content) {
        try {
            watcher.accept(content);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "acting on edition '" + content.editionId() + "' failed", e);
        }
    }

    @Override
    public AutoCloseable watch(Consumer<EditionContent> started) {
        watchers.add(started);
        active().forEach(a -> notify(started, a.content()));
        return () -> watchers.remove(started);
    }

    private List<Active> active() {
        return editions.values().stream().sorted(Comparator.comparing(a -> a.descriptor().id())).toList();
    }

    private Active require(String id) {
        return active().stream().filter(a -> a.descriptor().id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("edition", id));
    }

    @Override
    public List<EditionDescriptor> editions() {
        return active().stream().map(Active::descriptor).toList();
    }

    @Override
    public Optional<EditionDescriptor> find(String id) {
        return active().stream().map(Active::descriptor).filter(e -> e.id().equals(id)).findFirst();
    }

    @Override
    public Optional<EditionContent> content(String id) {
        return active().stream().filter(a -> a.descriptor().id().equals(id)).map(Active::content).findFirst();
    }

    @Override
    public List<Role> roles() {
        Set<String> seen = new HashSet<>();
        List<Role> out = new ArrayList<>();
        for (Active a : active()) {
            String model = models.current(a.content());
            for (EditionRole r : a.content().roles()) {
                if (seen.add(r.id())) {
                    out.add(r.under(model));
                }
            }
        }
        out.sort(Comparator.comparing(Role::id));
        return out;
    }

    @Override
    public Optional<OperatingModel> operatingModel(String id) {
        EditionContent c = require(id).content();
        String model = models.current(c);
        return model == null ? Optional.empty() : c.operatingModel(model);
    }

    @Override
    public OperatingModel switchOperatingModel(Caller caller, String id, String model) {
        Scopes.requireAll(caller);
        EditionContent c = require(id).content();
        String before = models.current(c);
        OperatingModel chosen = models.switchTo(c, model);
        LOG.info(() -> caller.username() + " switched edition '" + id + "' from operating model " + before + " to "
                + chosen.id() + "; data is unchanged, permissions follow the new model");
        return chosen;
    }

    @Override
    public List<AttributeDefinition> definitions() {
        return active().stream().flatMap(a -> a.attributes().stream()).toList();
    }

    @Override
    public List<io.siyu.core.internal.AttributeFeed> feeds() {
        return active().stream().flatMap(a -> a.feeds().stream()).toList();
    }

    /** For the record in logs: which editions are active. */
    @Override
    public String toString() {
        return "EditionTracker" + active().stream().map(a -> a.descriptor().id()).collect(Collectors.toList());
    }
}
