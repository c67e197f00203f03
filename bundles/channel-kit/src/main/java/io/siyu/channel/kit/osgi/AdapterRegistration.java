package io.siyu.channel.kit.osgi;

import io.siyu.api.channel.ChannelAdapter;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Where an adapter's DS component keeps one account's {@link ChannelAdapter} in the service
 * registry, with exactly the type and account properties: no configuration value, so no secret,
 * reaches the registry. The component registers on activation and unregisters on deactivation,
 * which does nothing when nothing was registered (a configuration the component ignored).
 */
public final class AdapterRegistration {
    private ServiceRegistration<ChannelAdapter> registration;

    public void register(BundleContext context, ChannelAdapter adapter, String type, String account) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ChannelAdapter.TYPE_PROPERTY, type);
        props.put(ChannelAdapter.ACCOUNT_PROPERTY, account);
        registration = context.registerService(ChannelAdapter.class, adapter, props);
    }

    public void unregister() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        } finally {
            registration = null;
        }
    }
}
