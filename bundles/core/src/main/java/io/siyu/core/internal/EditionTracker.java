package io.siyu.core.internal;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;

/**
 * The edition extender: an active bundle with a {@code Siyu-Edition} header is an edition; when the
 * bundle stops, the edition is withdrawn. Edition bundles need no code of their own. The attributes
 * an edition declares in {@code SIYU-INF/attributes.json} join the schema with it and leave with it.
 */
@Component(service = {EditionRegistry.class, EditionAttributes.class}, immediate = true)
public final class EditionTracker implements EditionRegistry, EditionAttributes {
    private static final Logger LOG = Logger.getLogger(EditionTracker.class.getName());

    /** An active edition with the attributes it declares; both appear and go away together. */
    private record Active(EditionDescriptor descriptor, List<AttributeDefinition> attributes) {
    }

    private final Map<Long, Active> editions = new ConcurrentHashMap<>();
    private final BundleTracker<EditionDescriptor> tracker;

    @Activate
    public EditionTracker(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public EditionDescriptor addingBundle(Bundle bundle, BundleEvent event) {
                String header = bundle.getHeaders("").get(EditionDescriptor.HEADER);
                if (header == null) {
                    return null;
                }
                EditionDescriptor edition = EditionHeader.parse(header, bundle.getVersion().toString(), bundle.getBundleId());
                List<AttributeDefinition> attributes = attributesOf(bundle, edition.id());
                editions.put(bundle.getBundleId(), new Active(edition, attributes));
                LOG.info(() -> "Siyu edition '" + edition.id() + "' installed from bundle " + bundle.getSymbolicName()
                        + (attributes.isEmpty() ? "" : " with attributes " + attributes.stream()
                                .map(AttributeDefinition::name).collect(Collectors.joining(", "))));
                return edition;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, EditionDescriptor edition) {
                editions.remove(bundle.getBundleId());
                LOG.info(() -> "Siyu edition '" + edition.id() + "' withdrawn (with its attribute definitions;"
                        + " stored values stay)");
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    private static List<AttributeDefinition> attributesOf(Bundle bundle, String editionId) {
        URL file = bundle.getEntry(EditionAttributesFile.RESOURCE);
        if (file == null) {
            return List.of();
        }
        try (InputStream in = file.openStream()) {
            return EditionAttributesFile.read(in, editionId, problem -> LOG.warning(() -> "Siyu edition '" + editionId
                    + "': " + EditionAttributesFile.RESOURCE + " " + problem + "; that attribute is skipped"));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Siyu edition '" + editionId + "': " + EditionAttributesFile.RESOURCE
                    + " is not a JSON array of attribute definitions; the edition declares no attributes", e);
            return List.of();
        }
    }

    @Override
    public List<EditionDescriptor> editions() {
        return editions.values().stream().map(Active::descriptor).sorted(Comparator.comparing(EditionDescriptor::id)).toList();
    }

    @Override
    public Optional<EditionDescriptor> find(String id) {
        return editions.values().stream().map(Active::descriptor).filter(e -> e.id().equals(id)).findFirst();
    }

    @Override
    public List<AttributeDefinition> definitions() {
        return editions.values().stream().sorted(Comparator.comparing(a -> a.descriptor().id()))
                .flatMap(a -> a.attributes().stream()).toList();
    }
}
