package io.siyu.core.internal.outbox;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.MassMessageReminders;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.store.SettingRepository;
import io.siyu.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Reminds staff of the messages they have not confirmed in their client (a WeCom mass or 1:1
 * message stays SENT until the staff member sends it): {@code firstAfterHours} after it went to the
 * provider, then every {@code everyHours}, {@code reminders} times at most (WeCom allows 3 in 24
 * hours). Each reminder is claimed once cluster-wide in {@code siyu_setting}, so two nodes never
 * send the same one; a reminder that fails is not repeated, the next one comes at its time.
 */
@Component(immediate = true, configurationPid = "io.siyu.outbox.reminders")
@Designate(ocd = ConfirmationReminders.Config.class)
public final class ConfirmationReminders {
    private static final Logger LOG = Logger.getLogger(ConfirmationReminders.class.getName());
    private static final int PAGE = 500;

    @ObjectClassDefinition(name = "Siyu confirmation reminders",
            description = "Reminders to staff of mass and 1:1 messages they have not confirmed in their client")
    public @interface Config {
        @AttributeDefinition(description = "Hours after sending before the first reminder")
        int firstAfterHours() default 4;

        @AttributeDefinition(description = "Hours between reminders")
        int everyHours() default 8;

        @AttributeDefinition(description = "Reminders per message at most (WeCom: 3 in 24 hours)")
        int reminders() default 3;

        @AttributeDefinition(description = "Minutes between checks")
        int checkMinutes() default 5;
    }

    private final ChannelRegistry channels;
    private final Outbox outbox;
    private final SettingRepository settings;
    private final Clock clock;
    private final Duration first;
    private final Duration every;
    private final int reminders;
    private final ScheduledExecutorService timer;
    /** Claims this node has settled; reset when large, which only costs one more database look each. */
    private final java.util.Set<String> settled = new java.util.concurrent.ConcurrentSkipListSet<>() {
        @Override
        public boolean add(String claim) {
            if (size() > 100_000) {
                clear();
            }
            return super.add(claim);
        }
    };

    @Activate
    public ConfirmationReminders(@Reference ChannelRegistry channels, @Reference Outbox outbox, @Reference Store store,
            Config config) {
        this(channels, outbox, store.settings(), Clock.systemUTC(), Duration.ofHours(config.firstAfterHours()),
                Duration.ofHours(config.everyHours()), config.reminders(), config.checkMinutes());
    }

    /** @param checkMinutes 0 for no background checks (tests call {@link #remindDue()}) */
    ConfirmationReminders(ChannelRegistry channels, Outbox outbox, SettingRepository settings, Clock clock,
            Duration first, Duration every, int reminders, int checkMinutes) {
        this.channels = channels;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.first = first;
        this.every = every.isZero() || every.isNegative() ? Duration.ofHours(8) : every;
        this.reminders = reminders;
        if (checkMinutes <= 0) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-confirmation-reminders");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::remindQuietly, checkMinutes, checkMinutes, TimeUnit.MINUTES);
    }

    @Deactivate
    void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** @return how many reminders went out */
    public int remindDue() {
        Instant now = clock.instant();
        int sent = 0;
        for (ChannelDescriptor d : channels.channels()) {
            Optional<MassMessageReminders> facet = channels.adapter(d.type(), d.account())
                    .flatMap(ChannelAdapter::massMessageReminders);
            if (facet.isEmpty()) {
                continue;
            }
            for (int offset = 0;; offset += PAGE) {
                Page<OutboxEntry> page = outbox.list(new OutboxQuery(d.key(), Set.of(DeliveryState.SENT)),
                        new PageRequest(offset, PAGE));
                for (OutboxEntry e : page.items()) {
                    if (e.providerMessageId() != null && (e.kind() == MessageKind.MASS || e.kind() == MessageKind.DIRECT)
                            && remind(facet.get(), e, now)) {
                        sent++;
                    }
                }
                if (!page.hasMore() || page.items().isEmpty()) {
                    break;
                }
            }
        }
        return sent;
    }

    private boolean remind(MassMessageReminders facet, OutboxEntry e, Instant now) {
        int slot = slot(e.updatedAt(), now);
        if (slot < 0) {
            return false;
        }
        String claim = claim(e.idempotencyKey(), slot);
        // a slot settled here (won or lost) is not asked of the database again every few minutes
        if (!settled.add(claim) || !settings.putIfAbsent(claim, now.toString())) {
            return false;
        }
        try {
            boolean sent = facet.remind(e.providerMessageId());
            if (!sent) {
                LOG.info(() -> e.channelKey() + " refused reminder " + (slot + 1) + " of message " + e.idempotencyKey());
            }
            return sent;
        } catch (ChannelCallException failed) {
            LOG.warning(() -> "reminder " + (slot + 1) + " of message " + e.idempotencyKey() + " failed: "
                    + failed.getMessage() + "; the next one comes at its time");
            return false;
        }
    }

    /** Which reminder is due now for a message sent at {@code sentAt}, or -1. */
    int slot(Instant sentAt, Instant now) {
        Duration since = Duration.between(sentAt, now);
        if (since.compareTo(first) < 0) {
            return -1;
        }
        long slot = since.minus(first).toMillis() / every.toMillis();
        return slot < reminders ? (int) slot : -1;
    }

    /** Setting names are at most 128 characters; outbox keys may be as long. */
    static String claim(String key, int slot) {
        String id = key.length() <= 100 ? key : UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        return "outbox.reminded." + id + "." + slot;
    }

    private void remindQuietly() {
        try {
            int n = remindDue();
            if (n > 0) {
                LOG.info(() -> n + " confirmation reminders sent");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "confirmation reminders could not be checked; trying again later", e);
        }
    }
}
