package io.siyu.channel.kit.osgi;

import io.siyu.api.channel.ChannelAdapter;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One account's {@link ChannelAdapter} in the service registry, with exactly the type and account
 * properties: no configuration value, so no secret, reaches the registry.
 */
public final class AdapterRegistration {
    private final ServiceRegistration<ChannelAdapter> registration;

    private AdapterRegistration(ServiceRegistration<ChannelAdapter> registration) {
        this.registration = registration;
    }

    public static AdapterRegistration register(BundleContext context, ChannelAdapter adapter, String type,
            String account) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ChannelAdapter.TYPE_PROPERTY, type);
        props.put(ChannelAdapter.ACCOUNT_PROPERTY, account);
        return new AdapterRegistration(context.registerService(ChannelAdapter.class, adapter, props));
    }

    public void unregister() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
    }
}
