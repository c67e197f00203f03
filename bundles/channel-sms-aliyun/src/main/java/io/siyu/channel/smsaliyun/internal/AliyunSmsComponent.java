package io.siyu.channel.smsaliyun.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import io.siyu.channel.kit.core.CoreServiceSlots;
import io.siyu.channel.kit.core.CoreServices;
import io.siyu.channel.kit.osgi.AdapterRegistration;
import io.siyu.channel.kit.sms.RateLimiter;
import io.siyu.channel.kit.sms.SmsHttp;
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
 * One configured Aliyun SMS account ({@code etc/io.siyu.channel.sms-aliyun-<account>.cfg},
 * filed by Karaf under factory PID {@value AliyunSmsSettings#FACTORY_PID}, which the Tencent Cloud adapter
 * shares: configurations not named {@code aliyun-…} are left alone). Registers its
 * {@link ChannelAdapter} with {@code siyu.channel.type=sms-aliyun} and the account, and nothing
 * else, so no secret reaches the service registry. The core services are optional: without them
 * callbacks answer 503 and Aliyun pushes again, but the adapter still sends.
 */
@Component(configurationPid = AliyunSmsSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = AliyunSmsConfiguration.class, factory = true)
public final class AliyunSmsComponent {
    private static final Logger LOG = Logger.getLogger(AliyunSmsComponent.class.getName());
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    /** The core services, for the adapter; the bind and unbind methods below fill them. */
    final CoreServiceSlots core = new CoreServiceSlots();

    private final AdapterRegistration registration = new AdapterRegistration();

    @Activate
    void activate(BundleContext context, AliyunSmsConfiguration config, Map<String, Object> properties) {
        if (!AliyunSmsSettings.isAliyun(properties)) {
            LOG.fine("configuration " + properties.get("service.pid") + " is not a Aliyun SMS account; ignored");
            return;
        }
        AliyunSmsSettings settings = AliyunSmsSettings.of(config, properties);
        registration.register(context, adapter(settings, core, Clock.systemUTC()),
                AliyunSmsAdapter.TYPE, settings.account());
        LOG.info("Aliyun SMS " + settings + " registered");
    }

    static AliyunSmsAdapter adapter(AliyunSmsSettings settings, CoreServices services, Clock clock) {
        AliyunSmsApi api = new AliyunSmsApi(settings, new SmsHttp(CONNECT_TIMEOUT, READ_TIMEOUT),
                new RateLimiter(settings.callsPerSecond(), clock, RateLimiter.Sleeper.THREAD), clock);
        return new AliyunSmsAdapter(settings, api, new AliyunSmsCallback(settings, services, clock), clock);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
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
