package io.siyu.channel.email.internal;

import io.siyu.api.channel.RecipientScope;
import io.siyu.api.FieldError;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.InboundCallback;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.core.CoreServices;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SMTP account as a {@link ChannelAdapter}: each call carries one recipient (so each recipient's
 * SMTP answer becomes that recipient's state: 250 sent, 5xx failed with the code, 4xx retried with
 * back-off), personalised for the customer the address belongs to, with a signed one-click
 * unsubscribe link. Recipients who opted out of e-mail are refused before anything is sent.
 *
 * <p>SMTP cannot be asked whether a cut-short message went out, so a send in flight when a node
 * dies is sent again (at least once); a hot swap waits for sends in flight to finish.
 */
final class EmailAdapter implements ChannelAdapter {
    static final String TYPE = "email";
    /** Consent is per channel type: one opt-out covers every e-mail account. */
    static final String CONSENT_CHANNEL = TYPE;
    static final String UNSUBSCRIBE_PATH = "/unsubscribe";
    static final String BOUNCE_PATH = "/bounce";
    /** How long an error keeps the account DEGRADED in the health report. */
    static final Duration RECENT = Duration.ofMinutes(5);
    /** The longest a send waits for its turn under messagesPerMinute before the outbox retries it later. */
    static final Duration MAX_PACING_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(EmailAdapter.class.getName());

    private record LastError(String text, Instant at) {
    }

    private final EmailSettings settings;
    /**
     * Unsubscribes and bounces go on the timeline, opt-outs are recorded and checked before every send,
     * an address's customer gives the name for personalisation and the id for consent, bounces fail
     * their recipient.
     */
    private final CoreServices services;
    private final Clock clock;
    private final ChannelDescriptor descriptor;
    private final SessionPool pool;
    private final UnsubscribeTokens tokens;
    private final EmailCallback callback;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile LastError lastError;
    /** The last session failed for the account's set-up (login, TLS): nothing goes out until it is fixed. */
    private volatile String accountProblem;
    private Instant nextSlot = Instant.EPOCH; // guarded by this

    EmailAdapter(EmailSettings settings, CoreServices services, Clock clock) {
        this(settings, services, clock, settings.server());
    }

    EmailAdapter(EmailSettings settings, CoreServices services, Clock clock, SmtpSession.Server server) {
        this.settings = settings;
        this.services = services;
        this.clock = clock;
        this.descriptor = new ChannelDescriptor(TYPE, settings.account(), "E-mail " + settings.account(),
                Set.of(ChannelCapability.DIRECT_MESSAGE, ChannelCapability.MASS_MESSAGE,
                        ChannelCapability.INBOUND_CALLBACKS),
                new ChannelLimits(1, 0, Duration.ZERO, settings.messagesPerMinute()));
        this.pool = new SessionPool(() -> SmtpSession.open(server), settings.maxConnections(), clock);
        this.tokens = new UnsubscribeTokens(settings.unsubscribeKey(), descriptor.key());
        this.callback = new EmailCallback(settings, services, tokens, descriptor.key(), clock);
    }

    @Override
    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(OutboundMessage message) {
        List<FieldError> errors = new ArrayList<>();
        if (message.kind() != MessageKind.DIRECT && message.kind() != MessageKind.MASS) {
            errors.add(FieldError.of("kind", descriptor.key() + " sends direct and mass e-mail, not "
                    + message.kind().name().toLowerCase(Locale.ROOT)));
        }
        if (!(message.content() instanceof MessageContent.Email)) {
            errors.add(FieldError.of("email", descriptor.key() + " sends e-mail: give {\"subject\", \"html\", \"text\"}"));
        }
        for (int i = 0; i < message.recipients().size(); i++) {
            String problem = recipientProblem(message.recipients().get(i));
            if (problem != null) {
                errors.add(FieldError.of("recipients[" + i + "]", problem));
            }
        }
        return errors;
    }

    private static String recipientProblem(ChannelIdentity r) {
        if (r.type() != IdentityType.EMAIL) {
            return "an e-mail goes to an email identity, not " + r.type().code();
        }
        return EmailSettings.ADDRESS.matcher(r.value().strip()).matches() ? null
                : "'" + r.value() + "' is not an address Siyu can send to";
    }

    @Override
    public SendResult send(OutboundMessage message) {
        inFlight.incrementAndGet();
        try {
            if (stopping) {
                // deactivated between the dispatcher's look-up and this call: nothing sent, try again soon
                return new SendResult.TransientFailure(null, descriptor.key() + " is stopping", Duration.ofSeconds(2));
            }
            return sendOne(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "e-mail " + settings.account() + ": send failed", e);
            return new SendResult.TransientFailure(null, "adapter error: " + e.getClass().getSimpleName(), null);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private SendResult sendOne(OutboundMessage message) {
        if (!TYPE.equals(message.channelType()) || !settings.account().equals(message.channelAccount())) {
            return new SendResult.PermanentFailure("siyu.channel",
                    "message for " + message.channelKey() + " handed to " + descriptor.key());
        }
        List<FieldError> invalid = validate(message);
        if (!invalid.isEmpty()) {
            return new SendResult.PermanentFailure("siyu.invalid", invalid.get(0).field() + ": " + invalid.get(0).message());
        }
        if (message.recipients().size() != 1) {
            return new SendResult.PermanentFailure("siyu.recipients",
                    "an e-mail call carries one recipient, not " + message.recipients().size());
        }
        String address = message.recipients().get(0).value().strip();
        CustomerService customers = services.customers();
        ConsentService consents = services.consents();
        if (customers == null || consents == null) {
            return new SendResult.TransientFailure(null, "the customer or consent service is not running",
                    Duration.ofSeconds(30));
        }
        Customer customer = customers.findByIdentity(Caller.SYSTEM,
                ChannelIdentity.of(IdentityType.EMAIL, address.toLowerCase(Locale.ROOT))).orElse(null);
        if (customer != null && optedOut(consents, customer.id())) {
            return new SendResult.PermanentFailure("siyu.consent",
                    "the customer unsubscribed from e-mail; nothing sent");
        }
        Duration wait = pace();
        if (wait != null) {
            return new SendResult.TransientFailure("siyu.rate", "over messagesPerMinute " + settings.messagesPerMinute(),
                    wait);
        }
        byte[] mail = compose(message, (MessageContent.Email) message.content(), address, customer);
        String messageId = messageId(message.idempotencyKey(), address);
        return transmit(message.idempotencyKey(), address, mail, messageId);
    }

    private static boolean optedOut(ConsentService consents, long customerId) {
        for (Consent c : consents.consents(Caller.SYSTEM, customerId)) {
            if (c.channelType().equals(CONSENT_CHANNEL)) {
                return c.state() == ConsentState.OPTED_OUT;
            }
        }
        return false;
    }

    /**
     * Spreads sends evenly over the minute: waits here for a slot that is near, or answers how long
     * until one is free (the outbox retries then).
     */
    private Duration pace() {
        int rate = settings.messagesPerMinute();
        if (rate == 0) {
            return null;
        }
        Duration interval = Duration.ofMillis(Math.max(1, 60_000L / rate));
        Instant slot;
        synchronized (this) {
            Instant now = clock.instant();
            slot = nextSlot.isAfter(now) ? nextSlot : now;
            if (Duration.between(now, slot).compareTo(MAX_PACING_WAIT) > 0) {
                return Duration.between(now, slot);
            }
            nextSlot = slot.plus(interval);
        }
        long millis = Duration.between(clock.instant(), slot).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    byte[] compose(OutboundMessage message, MessageContent.Email email, String address, Customer customer) {
        String name = customer == null ? "" : customer.displayName();
        Object remark = customer == null ? null : customer.attributes().get("remark");
        String link = unsubscribeUrl(customer == null ? 0 : customer.id(), address);
        Map<String, String> values = Map.of("name", name, "remark", remark == null ? name : remark.toString(),
                "email", address, "unsubscribeUrl", link);
        String subject = Personalisation.fill(email.subject(), values, false);
        String html = email.html() == null ? null : Personalisation.withHtmlFooter(
                Personalisation.fill(email.html(), values, true), email.html(), link);
        String text = email.text() == null ? null : Personalisation.withTextFooter(
                Personalisation.fill(email.text(), values, false), email.text(), link);
        if (text == null) {
            text = Personalisation.withTextFooter(MimeText.textOf(Personalisation.fill(email.html(), values, true)),
                    email.html(), link);
        }
        return MailComposer.compose(new MailComposer.Mail(settings.fromName(), settings.fromAddress(),
                customer == null || name.isBlank() ? null : name, address, settings.replyTo(), subject, html, text,
                messageId(message.idempotencyKey(), address), clock.instant(), link,
                "mailto:" + settings.mailtoAddress() + "?subject=unsubscribe", message.idempotencyKey()));
    }

    String unsubscribeUrl(long customerId, String address) {
        return settings.unsubscribeBaseUrl() + "/siyu/callback/" + TYPE + "/" + settings.account() + UNSUBSCRIBE_PATH
                + "?t=" + tokens.token(customerId, address);
    }

    /** Derived from the call's key and the address, so a resend carries the same Message-ID (receivers may fold it). */
    String messageId(String key, String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((key + "\n" + address)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + "." + settings.account() + "@siyu." + settings.fromDomain();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private SendResult transmit(String key, String address, byte[] mail, String messageId) {
        SmtpSession session;
        try {
            session = pool.borrow(Duration.ofSeconds(settings.readTimeoutSeconds()));
        } catch (SmtpFailure e) {
            return failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure(null, "interrupted", null);
        }
        boolean reusable = false;
        try {
            SmtpReply from = session.mailFrom(settings.fromAddress(), key);
            if (!from.positive()) {
                return refused("MAIL FROM", from);
            }
            SmtpReply rcpt = session.rcptTo(address);
            if (!rcpt.positive()) {
                reusable = true;
                return refused("RCPT TO", rcpt);
            }
            SmtpReply data = session.data(mail);
            if (!data.positive()) {
                reusable = true;
                return refused("DATA", data);
            }
            reusable = true;
            accountProblem = null;
            return SendResult.Accepted.of(messageId);
        } catch (SmtpFailure e) {
            return failed(e);
        } finally {
            pool.release(session, reusable);
        }
    }

    /** A reply that refused the message: 4xx worth another try, 5xx final, with the server's code and words. */
    private SendResult refused(String step, SmtpReply reply) {
        String text = step + " " + reply.code() + ": " + reply.text();
        if (step.equals("MAIL FROM")) {
            note(text, false); // the sender refused is the account's matter; a refused recipient is not
        }
        if (reply.transientNegative()) {
            return new SendResult.TransientFailure(Integer.toString(reply.code()), text, null);
        }
        return new SendResult.PermanentFailure(Integer.toString(reply.code()), text);
    }

    /**
     * The session failed: never the recipient's fault, so always transient. A refused login or TLS
     * is the account's set-up: the health report says DOWN with the reason, and messages wait.
     */
    private SendResult failed(SmtpFailure e) {
        note(e.getMessage(), e.accountProblem());
        SmtpReply reply = e.reply();
        return new SendResult.TransientFailure(reply == null ? null : Integer.toString(reply.code()), e.getMessage(),
                e.accountProblem() ? Duration.ofMinutes(1) : null);
    }

    private void note(String text, boolean account) {
        lastError = new LastError(text, clock.instant());
        if (account) {
            accountProblem = text;
        }
    }

    /** E-mail goes to addresses, which are not scoped to an account. */
    @Override
    public Optional<RecipientScope> recipientScope() {
        return Optional.of(new RecipientScope(IdentityType.EMAIL, ""));
    }

    @Override
    public ChannelHealth health() {
        Instant now = clock.instant();
        LastError last = lastError;
        ChannelHealth.Status status;
        if (accountProblem != null) {
            status = ChannelHealth.Status.DOWN;
        } else if (last != null && last.at().plus(RECENT).isAfter(now)) {
            status = ChannelHealth.Status.DEGRADED;
        } else {
            status = ChannelHealth.Status.UP;
        }
        return new ChannelHealth(status, null, last == null ? null : last.text(), last == null ? null : last.at(), null);
    }

    @Override
    public Optional<InboundCallback> inboundCallback() {
        return Optional.of(callback);
    }

    /**
     * Stops taking sends, waits up to {@code wait} for those in flight (a hot swap must not cut a
     * message in half, which would send it twice), then closes the connections.
     */
    void stop(Duration wait) {
        stopping = true;
        long end = System.nanoTime() + wait.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pool.close();
    }

    EmailCallback callback() {
        return callback;
    }

    @Override
    public String toString() {
        return "EmailAdapter[" + settings + "]";
    }
}
