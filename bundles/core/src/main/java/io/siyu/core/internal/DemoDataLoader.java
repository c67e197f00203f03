package io.siyu.core.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagService;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.core.internal.edition.EditionHeader;
import io.siyu.api.org.Caller;
import io.siyu.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;

/**
 * Loads an edition's demo data ({@code SIYU-INF/demo/customers.csv} in the edition bundle) when
 * the node runs with {@code -Dsiyu.demo=true}: once per edition and database, through the same
 * services as any other client.
 *
 * <p>CSV columns: {@code displayName}; {@code identity:<type>} or {@code identity:<type>:<namespace>}
 * (type codes of {@link IdentityType}); {@code tags} as {@code group/name;group/name}; any
 * {@code attr:<name>} as a value of that attribute of the schema (built-in, or declared in the
 * edition's {@code SIYU-INF/attributes.json}), validated like any other input. Empty cells are skipped.
 */
@Component(immediate = true)
public final class DemoDataLoader {
    static final String DEMO_PROPERTY = "siyu.demo";
    static final String RESOURCE = "SIYU-INF/demo/customers.csv";
    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class.getName());

    private final Store store;
    private final CustomerService customers;
    private final TagService tags;
    private final AttributeSchemaService attributes;
    private final EditionRegistry editions;
    private final io.siyu.api.org.OrgService org;
    private final io.siyu.api.content.ContentService contents;
    private final ExecutorService worker;
    private final BundleTracker<Bundle> tracker;

    @Activate
    public DemoDataLoader(BundleContext context, @Reference Store store, @Reference CustomerService customers,
            @Reference TagService tags, @Reference AttributeSchemaService attributes, @Reference EditionRegistry editions,
            @Reference io.siyu.api.org.OrgService org, @Reference io.siyu.api.content.ContentService contents) {
        this.org = org;
        this.contents = contents;
        this.store = store;
        this.customers = customers;
        this.tags = tags;
        this.attributes = attributes;
        this.editions = editions;
        if (!Boolean.parseBoolean(context.getProperty(DEMO_PROPERTY))) {
            worker = null;
            tracker = null;
            return;
        }
        worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "siyu-demo-loader"));
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                String header = bundle.getHeaders("").get(EditionDescriptor.HEADER);
                URL csv = bundle.getEntry(RESOURCE);
                if (header == null || csv == null) {
                    return null;
                }
                String edition = EditionHeader.parse(header, "0", bundle.getBundleId()).id();
                URL orgJson = bundle.getEntry(DemoOrg.RESOURCE);
                URL contentsJson = bundle.getEntry(DemoContents.RESOURCE);
                worker.submit(() -> {
                    if (orgJson != null && editionRegistered(edition)) { // its roles come with the edition
                        loadOrgOnce(edition, orgJson); // first: the customers' ownerStaff name its staff
                        if (contentsJson != null) {
                            loadContentsOnce(edition, contentsJson); // made and approved by its staff
                        }
                    }
                    loadOnce(edition, csv);
                });
                return bundle;
            }
        };
        tracker.open();
    }

    /** Loads nothing by itself: for calling {@link #load} directly. */
    DemoDataLoader(Store store, CustomerService customers, TagService tags, AttributeSchemaService attributes) {
        this.store = store;
        this.customers = customers;
        this.tags = tags;
        this.attributes = attributes;
        this.editions = null;
        this.org = null;
        this.contents = null;
        this.worker = null;
        this.tracker = null;
    }

    @Deactivate
    void close() {
        if (tracker != null) {
            tracker.close();
            worker.shutdownNow();
        }
    }

    private void loadOrgOnce(String edition, URL json) {
        String marker = "demo.org." + edition;
        if (store.settings().get(marker).isPresent()) {
            return;
        }
        try (java.io.InputStream in = json.openStream()) {
            int stored = DemoOrg.load(in, org, problem -> LOG.warning(() -> "Siyu demo org for edition '" + edition
                    + "': " + problem + "; skipped"));
            store.settings().putIfAbsent(marker, Integer.toString(stored));
            LOG.info(() -> "Siyu demo org for edition '" + edition + "': " + stored + " units and staff");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Siyu demo org for edition '" + edition + "' could not be loaded", e);
        }
    }

    private void loadContentsOnce(String edition, URL json) {
        String marker = "demo.contents." + edition;
        if (contents == null || store.settings().get(marker).isPresent()) {
            return;
        }
        try (java.io.InputStream in = json.openStream()) {
            int stored = DemoContents.load(in, contents, org, problem -> LOG.warning(() -> "Siyu demo content for edition '"
                    + edition + "': " + problem + "; skipped"));
            store.settings().putIfAbsent(marker, Integer.toString(stored));
            LOG.info(() -> "Siyu demo content for edition '" + edition + "': " + stored + " library items");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Siyu demo content for edition '" + edition + "' could not be loaded", e);
        }
    }

    private void loadOnce(String edition, URL csv) {
        String marker = "demo.loaded." + edition;
        if (store.settings().get(marker).isPresent()) {
            return;
        }
        if (!editionRegistered(edition)) {
            LOG.warning(() -> "Siyu demo data for edition '" + edition + "' not loaded: the edition did not register");
            return;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(csv.openStream(), StandardCharsets.UTF_8))) {
            int loaded = load(Csv.read(in));
            store.settings().putIfAbsent(marker, Integer.toString(loaded));
            LOG.info(() -> "Siyu demo data for edition '" + edition + "': " + loaded + " customers loaded");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Siyu demo data for edition '" + edition + "' could not be loaded", e);
        }
    }

    /**
     * The edition tracker sees the bundle start at the same moment as this loader, in no set order;
     * its attribute definitions must be in the schema before the rows are validated against it.
     */
    private boolean editionRegistered(String edition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (editions.find(edition).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Creates the customers of the records (the first is the header); returns how many were new. */
    int load(List<List<String>> records) {
        if (records.isEmpty()) {
            return 0;
        }
        List<String> header = records.get(0);
        Map<String, AttributeDefinition> schema = new HashMap<>();
        attributes.list().forEach(d -> schema.put(d.name(), d));
        Map<String, Long> tagIds = new HashMap<>();
        tags.list().forEach(t -> tagIds.put(t.group() + "/" + t.name(), t.id()));
        int created = 0;
        for (List<String> row : records.subList(1, records.size())) {
            String name = null;
            List<ChannelIdentity> identities = new ArrayList<>();
            Set<Long> rowTags = new LinkedHashSet<>();
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < row.size(); i++) {
                String column = header.get(i).strip();
                String value = row.get(i).strip();
                if (value.isEmpty()) {
                    continue;
                }
                if (column.equals("displayName")) {
                    name = value;
                } else if (column.startsWith("identity:")) {
                    String[] parts = column.split(":", 3);
                    IdentityType type = IdentityType.fromCode(parts[1]);
                    identities.add(new ChannelIdentity(type, parts.length > 2 ? parts[2] : "", value));
                } else if (column.equals("tags")) {
                    for (String tag : value.split(";")) {
                        rowTags.add(tagIds.computeIfAbsent(tag.strip(), this::createTag));
                    }
                } else if (column.startsWith("attr:")) {
                    String attribute = column.substring(5);
                    values.put(attribute, cell(schema.get(attribute), value));
                }
            }
            try {
                customers.create(Caller.SYSTEM, new CustomerDraft(name, identities, rowTags, values));
                created++;
            } catch (ConflictException alreadyThere) {
                // loaded by an earlier, interrupted run: the identity is taken by the same demo customer
            }
        }
        return created;
    }

    /** CSV cells are text: numbers and booleans are parsed for attributes of those types (as the importer does). */
    static Object cell(AttributeDefinition definition, String text) {
        return ImportRows.cell(definition, text);
    }

    private long createTag(String groupAndName) {
        int slash = groupAndName.indexOf('/');
        String group = slash > 0 ? groupAndName.substring(0, slash) : "demo";
        String name = slash > 0 ? groupAndName.substring(slash + 1) : groupAndName;
        // The edition's taxonomy is created as the edition starts, maybe at this very moment: take
        // what is there, and when a concurrent creation wins the race, take that.
        for (int attempt = 1;; attempt++) {
            java.util.Optional<Tag> existing = tags.list().stream()
                    .filter(t -> t.group().equals(group) && t.name().equals(name)).findFirst();
            if (existing.isPresent()) {
                return existing.get().id();
            }
            try {
                return tags.create(new TagDraft(group, name, TagKind.ENTERPRISE)).id();
            } catch (ConflictException raced) {
                if (attempt >= 5) {
                    throw raced;
                }
            }
        }
    }
}
