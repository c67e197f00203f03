package io.siyu.channel.wechatoa.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import java.time.Clock;
import java.util.Hashtable;
import java.util.Map;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
public final class OaComponent implements PlatformServices {
    private static final Logger LOG = Logger.getLogger(OaComponent.class.getName());

    private volatile EventService events;
    private volatile ConsentService consents;
    private volatile CustomerService customers;
    private volatile DeliveryReports deliveryReports;

    private ServiceRegistration<ChannelAdapter> registration;
    private OaAdapter adapter;

    @Activate
    void activate(BundleContext context, OaConfiguration config, Map<String, Object> properties) {
        if (!OaSettings.isOfficialAccount(properties)) {
            LOG.fine("configuration " + properties.get("service.pid") + " is not an official account; ignored");
            return;
        }
        OaSettings settings = OaSettings.of(config, properties);
        Clock clock = Clock.systemUTC();
        adapter = new OaAdapter(settings, new OaApi(settings, clock), this, clock);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ChannelAdapter.TYPE_PROPERTY, OaAdapter.TYPE);
        props.put(ChannelAdapter.ACCOUNT_PROPERTY, settings.account());
        registration = context.registerService(ChannelAdapter.class, adapter, props);
        LOG.info("WeChat Official Account " + settings + " registered");
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
            registration = null;
        }
        adapter = null;
    }

    OaAdapter adapter() {
        return adapter;
    }

    @Override
    public EventService events() {
        return events;
    }

    @Override
    public ConsentService consents() {
        return consents;
    }

    @Override
    public CustomerService customers() {
        return customers;
    }

    @Override
    public DeliveryReports deliveryReports() {
        return deliveryReports;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEvents(EventService s) {
        events = s;
    }

    void unbindEvents(EventService s) {
        if (events == s) {
            events = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindConsents(ConsentService s) {
        consents = s;
    }

    void unbindConsents(ConsentService s) {
        if (consents == s) {
            consents = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCustomers(CustomerService s) {
        customers = s;
    }

    void unbindCustomers(CustomerService s) {
        if (customers == s) {
            customers = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindDeliveryReports(DeliveryReports s) {
        deliveryReports = s;
    }

    void unbindDeliveryReports(DeliveryReports s) {
        if (deliveryReports == s) {
            deliveryReports = null;
        }
    }
}
