package io.siyu.core.internal;

import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.system.Health;
import io.siyu.api.system.HealthStatus;
import io.siyu.api.system.SystemService;
import io.siyu.store.Store;
import java.util.List;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Health of the node. Available even without a store, so that "no database" is reported as DOWN
 * with a reason instead of a missing endpoint.
 */
@Component(service = SystemService.class)
public final class SystemServiceImpl implements SystemService {
    static final String NO_STORE = "no store: install siyu-persistence-derby or siyu-persistence-postgresql,"
            + " or check that the database was reachable when Siyu started";

    private final String version;
    private final EditionRegistry editions;
    private final ChannelRegistry channels;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Store store;

    @Activate
    public SystemServiceImpl(BundleContext context, @Reference EditionRegistry editions,
            @Reference ChannelRegistry channels) {
        this(versionOf(context), editions, channels);
    }

    SystemServiceImpl(String version, EditionRegistry editions, ChannelRegistry channels) {
        this.version = version;
        this.editions = editions;
        this.channels = channels;
    }

    void setStore(Store store) {
        this.store = store;
    }

    private static String versionOf(BundleContext context) {
        String v = context.getBundle().getHeaders("").get("Siyu-Version");
        return v != null ? v : context.getBundle().getVersion().toString();
    }

    @Override
    public Health health() {
        List<String> channelKeys = channels.channels().stream().map(ChannelDescriptor::key).toList();
        List<EditionDescriptor> installed = editions.editions();
        String edition = installed.isEmpty() ? null
                : installed.stream().map(EditionDescriptor::id).collect(Collectors.joining(","));
        Store current = store;
        if (current == null) {
            return new Health(HealthStatus.DOWN, version, edition, null, channelKeys, NO_STORE);
        }
        try {
            current.ping();
            return new Health(HealthStatus.UP, version, edition, current.kind(), channelKeys, null);
        } catch (RuntimeException e) {
            return new Health(HealthStatus.DOWN, version, edition, current.kind(), channelKeys, e.getMessage());
        }
    }
}
