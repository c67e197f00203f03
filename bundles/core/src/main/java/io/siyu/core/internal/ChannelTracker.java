package io.siyu.core.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Follows channel adapters as their bundles come and go; never blocks on a missing one. */
@Component(service = ChannelRegistry.class)
public final class ChannelTracker implements ChannelRegistry {
    private final List<ChannelAdapter> adapters = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAdapter(ChannelAdapter adapter) {
        adapters.add(adapter);
    }

    void removeAdapter(ChannelAdapter adapter) {
        adapters.remove(adapter);
    }

    @Override
    public List<ChannelDescriptor> channels() {
        return adapters.stream().map(ChannelAdapter::descriptor)
                .sorted(Comparator.comparing(ChannelDescriptor::type).thenComparing(ChannelDescriptor::account))
                .toList();
    }

    @Override
    public Optional<ChannelAdapter> adapter(String type, String account) {
        return adapters.stream()
                .filter(a -> a.descriptor().type().equals(type) && a.descriptor().account().equals(account))
                .findFirst();
    }
}
