package io.siyu.channel.wechatoa.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
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
 * One configured Official Account ({@code etc/io.siyu.channel.wechat-oa-<account>.cfg}, which Karaf
 * files under factory PID {@value OaSettings#FACTORY_PID}): registers its
 * {@link ChannelAdapter} with {@code siyu.channel.type=wechat-oa} and
 * {@code siyu.channel.account=<account>}, computed from the configuration (which DS component
 * properties cannot do), and only those two properties, so no secret reaches the service registry.
 * The core services are optional: without them callbacks answer 503 and the platform retries, but
 * the adapter still sends.
 */
@Component(configurationPid = OaSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = OaConfiguration.class, factory = true)
public final class OaComponent {
    private static final Logger LOG = Logger.getLogger(OaComponent.class.getName());

    /** The core services, for the adapter; the bind and unbind methods below fill them. */
    final CoreServiceSlots core = new CoreServiceSlots();

    private final AdapterRegistration registration = new AdapterRegistration();
    private OaAdapter adapter;

    @Activate
    void activate(BundleContext context, OaConfiguration config, Map<String, Object> properties) {
        if (!OaSettings.isOfficialAccount(properties)) {
            LOG.fine("configuration " + properties.get("service.pid") + " is not an official account; ignored");
            return;
        }
        OaSettings settings = OaSettings.of(config, properties);
        Clock clock = Clock.systemUTC();
        adapter = new OaAdapter(settings, new OaApi(settings, clock), core, clock);
        registration.register(context, adapter, OaAdapter.TYPE, settings.account());
        LOG.info("WeChat Official Account " + settings + " registered");
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        adapter = null;
    }

    OaAdapter adapter() {
        return adapter;
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
    void bindCustomers(CustomerService s) {
        core.customerSlot.bind(s);
    }

    void unbindCustomers(CustomerService s) {
        core.customerSlot.unbind(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindDeliveryReports(DeliveryReports s) {
        core.reportSlot.bind(s);
    }

    void unbindDeliveryReports(DeliveryReports s) {
        core.reportSlot.unbind(s);
    }
}
