package io.siyu.channel.miniprogram.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.SubscriptionGrants;
import io.siyu.channel.kit.core.CoreServiceSlots;
import io.siyu.channel.kit.osgi.AdapterRegistration;
import java.time.Clock;
import java.util.Map;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One configured mini program ({@code etc/io.siyu.channel.miniprogram-<account>.cfg}, factory PID
 * {@value MpSettings#FACTORY_PID}): registers its {@link ChannelAdapter} with
 * {@code siyu.channel.type=miniprogram} and {@code siyu.channel.account=<account>} and nothing else,
 * so no secret reaches the service registry. The core services are optional and dynamic: without
 * them sends wait (transient failure) and ingest answers 503.
 */
@Component(configurationPid = MpSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = MpConfiguration.class, factory = true)
public final class MpComponent {
    private static final Logger LOG = Logger.getLogger(MpComponent.class.getName());

    /** The core services, for the adapter; the bind and unbind methods below fill them. */
    final CoreServiceSlots core = new CoreServiceSlots();

    private final AdapterRegistration registration = new AdapterRegistration();
    private MpAdapter adapter;

    @Activate
    void activate(BundleContext context, MpConfiguration config, Map<String, Object> properties) {
        MpSettings settings = MpSettings.of(config, properties);
        adapter = new MpAdapter(settings, core, Clock.systemUTC());
        registration.register(context, adapter, MpAdapter.TYPE, settings.account());
        LOG.info("mini program " + settings + " registered");
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        adapter = null;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEvents(EventService s) {
        core.eventSlot.bind(s);
    }

    void unbindEvents(EventService s) {
        core.eventSlot.unbind(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindConsents(ConsentService s) {
        core.consentSlot.bind(s);
    }

    void unbindConsents(ConsentService s) {
        core.consentSlot.unbind(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindGrants(SubscriptionGrants s) {
        core.grantSlot.bind(s);
    }

    void unbindGrants(SubscriptionGrants s) {
        core.grantSlot.unbind(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCustomers(CustomerService s) {
        core.customerSlot.bind(s);
    }

    void unbindCustomers(CustomerService s) {
        core.customerSlot.unbind(s);
    }
}
