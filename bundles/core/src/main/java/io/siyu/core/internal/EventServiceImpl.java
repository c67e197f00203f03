package io.siyu.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.event.EventTypes;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.store.NewEvent;
import io.siyu.store.Store;
import io.siyu.store.StoredEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Validates event batches as a whole, then hands them to the store in one transaction. */
@Component(service = EventService.class)
public final class EventServiceImpl implements EventService {
    /** Dotted lower-case, so editions can add their own types ({@code lead.stage-changed}). */
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    static final int MAX_TYPE = 64;
    static final int MAX_CHANNEL = 128;
    /** Fits Derby's largest VARCHAR, so properties stay in the row on every store. */
    static final int MAX_PROPERTIES_JSON = 32_000;
    /** Producers' clocks drift; an event further ahead than this is a mistake, not a future. */
    static final Duration MAX_FUTURE = Duration.ofDays(1);
    static final String DEFAULT_CHANNEL = "api";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Store store;
    private final io.siyu.core.internal.org.DataScopes scopes;
    private final Clock clock;
    private final AutoTagger autoTagger;
    private final io.siyu.core.internal.org.Authority authority;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Activate
    public EventServiceImpl(@Reference Store store, @Reference AutoTagger autoTagger,
            @Reference io.siyu.core.internal.org.Authority authority) {
        this(store, Clock.systemUTC(), autoTagger, authority);
    }

    EventServiceImpl(Store store, Clock clock) {
        this(store, clock, new AutoTagger(store, clock, Runnable::run));
    }

    EventServiceImpl(Store store, Clock clock, AutoTagger autoTagger) {
        this(store, clock, autoTagger, io.siyu.core.internal.org.Authority.of(store, List::of));
    }

    private EventServiceImpl(Store store, Clock clock, AutoTagger autoTagger, io.siyu.core.internal.org.Authority authority) {
        this.store = store;
        this.scopes = new io.siyu.core.internal.org.DataScopes(store);
        this.clock = clock;
        this.autoTagger = autoTagger;
        this.authority = authority;
    }

    /** DECIMAL(19,4) holds up to 15 integer digits. */
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000000000");

    @Override
    public IngestResult ingest(Caller caller, List<EventDraft> events) {
        Scopes.requireAll(caller);
        if (events == null || events.isEmpty()) {
            throw new ValidationException(FieldError.of("events", "send at least one event"));
        }
        if (events.size() > MAX_BATCH) {
            throw new ValidationException(FieldError.of("events", "at most " + MAX_BATCH + " events per batch, got " + events.size()));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<FieldError> errors = new ArrayList<>();
        List<NewEvent> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = check(events.get(i), "events[" + i + "]", now, errors);
            if (e != null) {
                valid.add(e);
            }
        }
        if (!errors.isEmpty()) {
            return IngestResult.rejected(errors);
        }
        IngestResult result = store.events().ingest(valid, now, caller.username());
        if (result.ok()) {
            // Duplicates too: a retried batch whose tagging failed the first time gets tagged now.
            autoTagger.eventsStored(valid);
            react(valid);
        }
        return result;
    }

    private NewEvent check(EventDraft d, String path, Instant now, List<FieldError> errors) {
        if (d == null) {
            errors.add(FieldError.of(path, "must not be null"));
            return null;
        }
        int before = errors.size();
        errors.addAll(d.problems(path));
        String type = d.type() == null ? null : d.type().strip();
        if (type != null && !type.isEmpty() && (type.length() > MAX_TYPE || !TYPE.matcher(type).matches())) {
            errors.add(FieldError.of(path + ".type", "'" + type + "' is not an event type (dotted lower case, e.g. order or article.view)"));
        }
        if (d.occurredAt() != null && d.occurredAt().isAfter(now.plus(MAX_FUTURE))) {
            errors.add(FieldError.of(path + ".occurredAt", "is more than a day in the future"));
        }
        String channel = d.channel() == null || d.channel().isBlank() ? DEFAULT_CHANNEL : d.channel().strip();
        if (channel.length() > MAX_CHANNEL) {
            errors.add(FieldError.of(path + ".channel", "must be at most " + MAX_CHANNEL + " characters"));
        }
        ChannelIdentity identity = d.identity() == null ? null
                : IdentityNormalizer.normalize(d.identity(), path + ".identity", errors);
        List<ChannelIdentity> links = new ArrayList<>();
        for (int k = 0; k < d.identities().size() && k < EventDraft.MAX_IDENTITIES; k++) {
            ChannelIdentity link = IdentityNormalizer.normalize(d.identities().get(k), path + ".identities[" + k + "]", errors);
            if (link != null && !link.equals(identity) && !links.contains(link)) {
                links.add(link);
            }
        }
        // Without customerId or identity, the first of the identities names the customer.
        if (d.customerId() == null && identity == null && !links.isEmpty()) {
            identity = links.remove(0);
        }
        String properties = null;
        try {
            properties = json.writeValueAsString(d.properties());
            if (properties.length() > MAX_PROPERTIES_JSON) {
                errors.add(FieldError.of(path + ".properties", "must be at most " + MAX_PROPERTIES_JSON + " characters as JSON"));
            }
        } catch (JsonProcessingException e) {
            errors.add(FieldError.of(path + ".properties", "must be JSON values (strings, numbers, booleans, lists, objects)"));
        }
        BigDecimal amount = amount(type, d.properties(), path, errors);
        if (errors.size() > before) {
            return null;
        }
        return new NewEvent(d.id().strip(), type, d.occurredAt().truncatedTo(ChronoUnit.MILLIS), channel,
                d.customerId(), identity, properties, links, amount);
    }

    /**
     * Orders and refunds carry their amount in yuan: a number (or numeric text) ≥ 0 with at most 4
     * decimals, stored in its own column so segments and RFM can sum it. Absent means 0.
     */
    private static BigDecimal amount(String type, Map<String, Object> properties, String path,
            List<FieldError> errors) {
        if (!EventTypes.ORDER.equals(type) && !EventTypes.REFUND.equals(type) || properties == null) {
            return null;
        }
        Object raw = properties.get(EventTypes.AMOUNT);
        if (raw == null) {
            return null;
        }
        String field = path + ".properties." + EventTypes.AMOUNT;
        BigDecimal amount;
        try {
            amount = raw instanceof Number || raw instanceof String ? new BigDecimal(raw.toString().strip()) : null;
        } catch (NumberFormatException e) {
            amount = null;
        }
        if (amount == null) {
            errors.add(FieldError.of(field, "must be a number (yuan), e.g. 199.00"));
        } else if (amount.signum() < 0) {
            errors.add(FieldError.of(field, "must not be negative (a refund is its own event type)"));
        } else if (amount.stripTrailingZeros().scale() > 4 || amount.compareTo(MAX_AMOUNT) > 0) {
            errors.add(FieldError.of(field, "must have at most 4 decimals and be below " + MAX_AMOUNT.toPlainString()));
        } else {
            return amount.setScale(4, java.math.RoundingMode.UNNECESSARY);
        }
        return null;
    }

    @Override
    public Page<CustomerEvent> timeline(Caller caller, long customerId, PageRequest page) {
        long live = store.identities().resolve(customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
        scopes.requireCustomer(caller, live);
        Page<StoredEvent> stored = store.events().timeline(live, page);
        boolean unmasked = authority.allows(caller, io.siyu.api.org.Permission.CUSTOMER_UNMASK);
        List<CustomerEvent> items = stored.items().stream().map(this::toApi)
                .map(e -> unmasked ? e : Masking.mask(e)).toList();
        return new Page<>(items, stored.total(), stored.offset(), stored.limit());
    }

    private CustomerEvent toApi(StoredEvent e) {
        try {
            return new CustomerEvent(e.id(), e.type(), e.occurredAt(), e.channel(), e.customerId(),
                    json.readValue(e.propertiesJson(), MAP));
        } catch (JsonProcessingException broken) {
            throw new IllegalStateException("stored properties of event " + e.id() + " are not JSON", broken);
        }
    }

    private final List<EventReaction> reactions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void addReaction(EventReaction reaction) {
        reactions.add(reaction);
    }

    void removeReaction(EventReaction reaction) {
        reactions.remove(reaction);
    }

    private void react(List<NewEvent> stored) {
        for (EventReaction reaction : reactions) {
            try {
                reaction.eventsStored(stored);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(EventServiceImpl.class.getName()).log(java.util.logging.Level.WARNING,
                        "reaction to stored events failed; the events are stored", e);
            }
        }
    }
}
