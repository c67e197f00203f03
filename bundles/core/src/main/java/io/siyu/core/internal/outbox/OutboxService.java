package io.siyu.core.internal.outbox;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxDepth;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.api.channel.RecipientDelivery;
import io.siyu.api.content.ContentService;
import io.siyu.api.org.Caller;
import io.siyu.core.internal.audit.AuditTrail;
import io.siyu.core.internal.content.SmsTemplates;
import io.siyu.store.NewOutboxMessage;
import io.siyu.store.OutboxChannelDepth;
import io.siyu.store.OutboxRecipient;
import io.siyu.store.OutboxRepository;
import io.siyu.store.Store;
import io.siyu.store.StoredOutboxMessage;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The outbox (core-api {@link Outbox}) and the receiver of provider reports ({@link DeliveryReports}),
 * with the dispatcher loop that drains it. Several nodes may run it over one PostgreSQL database:
 * they share the work through leases.
 */
@Component(service = {Outbox.class, DeliveryReports.class}, immediate = true, configurationPid = "io.siyu.outbox")
@Designate(ocd = OutboxService.Config.class)
public final class OutboxService implements Outbox, DeliveryReports {
    private static final Logger LOG = Logger.getLogger(OutboxService.class.getName());

    @ObjectClassDefinition(name = "Siyu outbox", description = "Delivery of outbound messages to channel adapters")
    public @interface Config {
        @AttributeDefinition(description = "Messages processed in parallel on this node")
        int workers() default 4;

        @AttributeDefinition(description = "How often to look for due messages when idle (ms)")
        long pollMillis() default 500;

        @AttributeDefinition(description = "How long a node holds a message before others may take it over (s)")
        long leaseSeconds() default 60;

        @AttributeDefinition(description = "Failed attempts (transient errors) before a message is given up")
        int maxFailures() default 12;
    }

    private final OutboxRepository repository;
    private final ChannelRegistry registry;
    private final Clock clock;
    private final AuditTrail audit;
    private final Dispatcher dispatcher;
    /** SMS templates are read from the content library; without it SMS sends wait (503). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ContentService contents;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread loop;
    private ExecutorService workers;
    private long pollMillis;
    private int workerCount = 1;

    @Activate
    public OutboxService(@Reference Store store, @Reference ChannelRegistry registry, @Reference AuditTrail audit,
            Config config) {
        this(store, registry, Clock.systemUTC(), config.leaseSeconds(), config.maxFailures(), audit);
        start(config.workers(), config.pollMillis());
    }

    /** For tests: no background loop; drive it with {@link #dispatchNow()}. Sends are not audited. */
    public OutboxService(Store store, ChannelRegistry registry, Clock clock, long leaseSeconds, int maxFailures) {
        this(store, registry, clock, leaseSeconds, maxFailures, AuditTrail.NONE);
    }

    /** For tests: no background loop; drive it with {@link #dispatchNow()}. */
    public OutboxService(Store store, ChannelRegistry registry, Clock clock, long leaseSeconds, int maxFailures,
            AuditTrail audit) {
        this.audit = audit;
        this.repository = store.outbox();
        this.registry = registry;
        this.clock = clock;
        this.dispatcher = new Dispatcher(repository, registry, clock, nodeName(),
                new Dispatcher.Settings(Duration.ofSeconds(leaseSeconds), maxFailures, 32, Backoff.DEFAULT),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: the content library SMS templates are read from (DS sets it in a running system). */
    public OutboxService withContents(ContentService contents) {
        this.contents = contents;
        return this;
    }

    private void start(int workerCount, long poll) {
        pollMillis = Math.max(poll, 10);
        this.workerCount = Math.max(workerCount, 1);
        workers = Executors.newFixedThreadPool(this.workerCount, r -> {
            Thread t = new Thread(r, "siyu-outbox-worker");
            t.setDaemon(true);
            return t;
        });
        running = true;
        loop = new Thread(this::run, "siyu-outbox-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    @Deactivate
    void stop() {
        running = false;
        wake();
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (workers != null) {
            workers.shutdown();
            try {
                // Calls under way finish and are recorded; anything else stays leased and is taken over.
                workers.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                List<Long> claimed = dispatcher.claim();
                if (claimed.isEmpty()) {
                    idle();
                    continue;
                }
                // Split the round between the workers; each settles its share in few transactions.
                List<Future<?>> futures = new ArrayList<>();
                int share = (claimed.size() + workerCount - 1) / workerCount;
                for (int from = 0; from < claimed.size(); from += share) {
                    List<Long> part = claimed.subList(from, Math.min(claimed.size(), from + share));
                    futures.add(workers.submit(() -> dispatcher.processAll(part)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Exception e) {
                LOG.log(Level.WARNING, "outbox dispatch round failed; trying again shortly", e);
                idle();
            }
        }
    }

    private void idle() {
        lock.lock();
        try {
            if (!woken && running) {
                work.await(pollMillis, TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** A new message may be due now (a welcome message has 20 seconds): look at once. */
    private void wake() {
        lock.lock();
        try {
            woken = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Test hook: one dispatch round on the calling thread. */
    public int dispatchNow() {
        return dispatcher.tick();
    }

    @Override
    public OutboxEntry enqueue(OutboundMessage message, Instant notBefore) {
        if (message == null) {
            throw new ValidationException(FieldError.of("message", "is required"));
        }
        // Stored resolved: the provider template a message went out with stays what it was when queued.
        SmsTemplates.Resolved sms = SmsTemplates.check(contents, Caller.SYSTEM, message.channelType(),
                message.channelAccount(), message.content(), "template");
        if (sms != null) {
            message = SmsTemplates.resolved(message, sms);
        }
        List<FieldError> refused = adapterRefuses(message);
        if (!refused.isEmpty()) {
            throw new ValidationException(refused);
        }
        Instant now = clock.instant();
        String body = OutboundMessageJson.body(message);
        String hash = OutboundMessageJson.hash(body, message.recipients());
        // An enqueue of a stored key is a retry and changes nothing: only the first one is a send.
        boolean first = repository.find(message.idempotencyKey()).isEmpty();
        StoredOutboxMessage stored = repository.insert(new NewOutboxMessage(message.idempotencyKey(),
                message.channelType(), message.channelAccount(), message.kind(), body, hash, message.recipients(),
                notBefore == null || notBefore.isBefore(now) ? now : notBefore, now));
        if (!stored.bodyHash().equals(hash) || !stored.channelType().equals(message.channelType())
                || !stored.channelAccount().equals(message.channelAccount())) {
            throw new ConflictException("idempotencyKey " + message.idempotencyKey()
                    + " already names a different message");
        }
        if (first) {
            audit.append(message.senderStaffId() == null ? "system" : message.senderStaffId(), List.of(
                    new io.siyu.api.audit.AuditRecord(io.siyu.api.audit.AuditActions.MESSAGE_SEND, "outbox",
                            message.idempotencyKey(), message.kind().name().toLowerCase(java.util.Locale.ROOT) + " via "
                                    + message.channelKey() + " to " + (message.recipients().isEmpty()
                                            ? message.groupChatIds().size() + " group chat(s)"
                                            : message.recipients().size() + " recipient(s)"))));
        }
        wake();
        return entry(stored);
    }

    /**
     * What the channel's adapter, when it runs here, says the provider would refuse: such a message
     * could only fail, so it is not stored. Without an adapter the message is queued and the
     * adapter checks it again when it sends.
     */
    private List<FieldError> adapterRefuses(OutboundMessage message) {
        try {
            return registry.adapter(message.channelType(), message.channelAccount())
                    .map(a -> a.validate(message)).orElse(List.of());
        } catch (RuntimeException | LinkageError e) {
            // an adapter going away mid-call, or an older adapter: the send will tell
            LOG.log(Level.FINE, "validation by " + message.channelKey() + " failed; queued unchecked", e);
            return List.of();
        }
    }

    @Override
    public Optional<OutboxEntry> find(String key) {
        return repository.find(key).map(OutboxService::entry);
    }

    @Override
    public Optional<OutboundMessage> message(String key) {
        return repository.find(key).map(m -> {
            List<io.siyu.api.customer.ChannelIdentity> recipients = new ArrayList<>();
            for (int offset = 0; offset < m.recipientCount(); offset += 1000) {
                repository.recipients(m.id(), offset, 1000).forEach(r -> recipients.add(r.identity()));
            }
            return OutboundMessageJson.message(m.idempotencyKey(), m.channelType(), m.channelAccount(), m.body(),
                    recipients);
        });
    }

    @Override
    public Page<OutboxEntry> list(OutboxQuery query, PageRequest page) {
        String type = null;
        String account = null;
        if (query.channel() != null) {
            int slash = query.channel().indexOf('/');
            type = slash < 0 ? query.channel() : query.channel().substring(0, slash);
            account = slash < 0 ? null : query.channel().substring(slash + 1);
        }
        List<OutboxEntry> items = repository.list(type, account, query.states(), page.offset(), page.limit()).stream()
                .map(OutboxService::entry).toList();
        return new Page<>(items, repository.count(type, account, query.states()), page.offset(), page.limit());
    }

    @Override
    public Page<RecipientDelivery> recipients(String key, PageRequest page) {
        StoredOutboxMessage m = repository.find(key).orElseThrow(() -> notFound(key));
        List<RecipientDelivery> items = repository.recipients(m.id(), page.offset(), page.limit()).stream()
                .map(OutboxService::delivery).toList();
        return new Page<>(items, m.recipientCount(), page.offset(), page.limit());
    }

    @Override
    public List<OutboxDepth> depth() {
        Instant now = clock.instant();
        Map<String, OutboxDepth> byChannel = new TreeMap<>();
        for (OutboxChannelDepth d : repository.depth()) {
            String key = d.channelType() + "/" + d.channelAccount();
            byChannel.put(key, new OutboxDepth(d.channelType(), d.channelAccount(),
                    registry.adapter(d.channelType(), d.channelAccount()).isPresent(), d.queued(), d.sending(),
                    d.failed(), d.oldestQueuedAt() == null ? 0
                            : Math.max(0, Duration.between(d.oldestQueuedAt(), now).toSeconds())));
        }
        for (ChannelDescriptor d : registry.channels()) {
            byChannel.putIfAbsent(d.key(), new OutboxDepth(d.type(), d.account(), true, 0, 0, 0, 0));
        }
        return List.copyOf(byChannel.values());
    }

    @Override
    public OutboxEntry retry(String key) {
        Optional<Boolean> done = repository.retry(key, clock.instant());
        if (done.isEmpty()) {
            throw notFound(key);
        }
        if (!done.get()) {
            throw new ConflictException("outbox message " + key + " has not failed, so there is nothing to retry");
        }
        wake();
        return find(key).orElseThrow(() -> notFound(key));
    }

    @Override
    public OutboxEntry cancel(String key) {
        Optional<Boolean> done = repository.cancel(key, clock.instant());
        if (done.isEmpty()) {
            throw notFound(key);
        }
        if (!done.get()) {
            throw new ConflictException("outbox message " + key + " is no longer queued, so it cannot be cancelled");
        }
        return find(key).orElseThrow(() -> notFound(key));
    }

    @Override
    public void report(DeliveryStatus status) {
        int slash = status.channel().indexOf('/');
        String type = slash < 0 ? status.channel() : status.channel().substring(0, slash);
        String account = slash < 0 ? "" : status.channel().substring(slash + 1);
        String key = status.messageKey();
        if (key != null && key.contains("#")) {
            key = key.substring(0, key.lastIndexOf('#')); // a chunk's key names its message
        }
        boolean matched = repository.report(key, type, account, status.providerMessageId(), status.recipient(),
                status.state(), status.errorCode(), status.errorMessage(), status.at());
        if (!matched) {
            LOG.info("delivery report for an unknown message dropped: " + status.channel() + " "
                    + (status.messageKey() != null ? status.messageKey() : status.providerMessageId()));
        }
    }

    private static NotFoundException notFound(String key) {
        return new NotFoundException("outbox message", key);
    }

    static OutboxEntry entry(StoredOutboxMessage m) {
        return new OutboxEntry(m.idempotencyKey(), m.channelType(), m.channelAccount(), m.kind(), m.state(),
                m.attempts(), m.createdAt(), m.updatedAt(),
                m.state() == DeliveryState.QUEUED ? m.nextAttemptAt() : null, m.providerMessageId(), m.errorCode(),
                m.errorMessage(), m.recipientCount(), m.recipientStates());
    }

    private static RecipientDelivery delivery(OutboxRecipient r) {
        return new RecipientDelivery(r.identity(), r.state(), r.errorCode(), r.errorMessage(), r.updatedAt());
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 64 ? name.substring(name.length() - 64) : name;
    }
}
