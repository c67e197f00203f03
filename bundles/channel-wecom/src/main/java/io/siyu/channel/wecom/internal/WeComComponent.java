package io.siyu.channel.wecom.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelSyncService;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.Outbox;
import io.siyu.api.event.EventService;
import io.siyu.channel.kit.osgi.AdapterRegistration;
import io.siyu.channel.kit.osgi.ServiceSlot;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * One configured WeCom account (factory PID {@value WeComSettings#FACTORY_PID}): registers its
 * {@link ChannelAdapter} with {@code siyu.channel.type=wecom} and {@code siyu.channel.account=<account>}
 * (computed from the configuration, which DS component properties cannot do) and runs the
 * delivery-result poller. The core services are optional: without them callbacks answer 503 and
 * polling pauses, but the adapter still sends.
 */
@Component(configurationPid = WeComSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = WeComConfiguration.class, factory = true)
public final class WeComComponent implements PlatformServices {
    private static final Logger LOG = Logger.getLogger(WeComComponent.class.getName());

    private final ServiceSlot<EventService> events = new ServiceSlot<>();
    private final ServiceSlot<Outbox> outbox = new ServiceSlot<>();
    private final ServiceSlot<DeliveryReports> deliveryReports = new ServiceSlot<>();
    private final ServiceSlot<ChannelSyncService> channelSync = new ServiceSlot<>();

    private final AdapterRegistration registration = new AdapterRegistration();
    private ScheduledExecutorService scheduler;

    @Activate
    void activate(BundleContext context, WeComConfiguration config, Map<String, Object> properties) {
        WeComSettings settings = WeComSettings.of(config, properties);
        Clock clock = Clock.systemUTC();
        WeComApi api = new WeComApi(settings, clock);
        WeComAdapter adapter = new WeComAdapter(settings, api, this, clock);
        DeliveryPoller poller = new DeliveryPoller(settings, api, this, adapter.descriptor().key(), clock);
        registration.register(context, adapter, WeComAdapter.TYPE, settings.account());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-wecom-" + settings.account() + "-results");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(poller::pollOnce, settings.resultPollSeconds(), settings.resultPollSeconds(),
                TimeUnit.SECONDS);
        LOG.info("WeCom account " + settings + " registered");
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public EventService events() {
        return events.get();
    }

    @Override
    public Outbox outbox() {
        return outbox.get();
    }

    @Override
    public DeliveryReports deliveryReports() {
        return deliveryReports.get();
    }

    @Override
    public ChannelSyncService channelSync() {
        return channelSync.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEvents(EventService s) {
        events.bind(s);
    }

    void unbindEvents(EventService s) {
        events.unbind(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindOutbox(Outbox s) {
        outbox.bind(s);
    }

    void unbindOutbox(Outbox s) {
        outbox.unbind(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindDeliveryReports(DeliveryReports s) {
        deliveryReports.bind(s);
    }

    void unbindDeliveryReports(DeliveryReports s) {
        deliveryReports.unbind(s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindChannelSync(ChannelSyncService s) {
        channelSync.bind(s);
    }

    void unbindChannelSync(ChannelSyncService s) {
        channelSync.unbind(s);
    }
}
