package io.siyu.core.internal;

import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;

/**
 * The edition extender: an active bundle with a {@code Siyu-Edition} header is an edition; when the
 * bundle stops, the edition is withdrawn. Edition bundles need no code of their own.
 */
@Component(service = EditionRegistry.class, immediate = true)
public final class EditionTracker implements EditionRegistry {
    private static final Logger LOG = Logger.getLogger(EditionTracker.class.getName());

    private final Map<Long, EditionDescriptor> editions = new ConcurrentHashMap<>();
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
                editions.put(bundle.getBundleId(), edition);
                LOG.info(() -> "Siyu edition '" + edition.id() + "' installed from bundle " + bundle.getSymbolicName());
                return edition;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, EditionDescriptor edition) {
                editions.remove(bundle.getBundleId());
                LOG.info(() -> "Siyu edition '" + edition.id() + "' withdrawn");
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    @Override
    public List<EditionDescriptor> editions() {
        return editions.values().stream().sorted(Comparator.comparing(EditionDescriptor::id)).toList();
    }

    @Override
    public Optional<EditionDescriptor> find(String id) {
        return editions.values().stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
