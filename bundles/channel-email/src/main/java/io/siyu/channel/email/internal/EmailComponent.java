package io.siyu.channel.email.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import io.siyu.channel.kit.core.CoreServiceSlots;
import io.siyu.channel.kit.osgi.AdapterRegistration;
import java.time.Clock;
import java.time.Duration;
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
 * One configured e-mail account ({@code etc/io.siyu.channel.email-<account>.cfg}, factory PID
 * {@value EmailSettings#FACTORY_PID}): registers its {@link ChannelAdapter} with
 * {@code siyu.channel.type=email} and {@code siyu.channel.account=<account>} and nothing else, so no
 * secret reaches the service registry. The core services are optional and dynamic: without them
 * sends and unsubscribes wait (transient failure, 503) instead of failing.
 */
@Component(configurationPid = EmailSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = EmailConfiguration.class, factory = true)
public final class EmailComponent {
    /** How long deactivation waits for messages being handed to the server. */
    static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(EmailComponent.class.getName());

    /** The core services, for the adapter; the bind and unbind methods below fill them. */
    final CoreServiceSlots core = new CoreServiceSlots();

    private final AdapterRegistration registration = new AdapterRegistration();
    private EmailAdapter adapter;

    @Activate
    void activate(BundleContext context, EmailConfiguration config, Map<String, Object> properties) {
        EmailSettings settings = EmailSettings.of(config, properties);
        adapter = new EmailAdapter(settings, core, Clock.systemUTC());
        registration.register(context, adapter, EmailAdapter.TYPE, settings.account());
        LOG.info("e-mail account " + settings + " registered");
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        if (adapter != null) {
            adapter.stop(DRAIN);
            adapter = null;
        }
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
