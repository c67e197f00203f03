package io.siyu.core.internal.channel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCodeDraft;
import io.siyu.api.channel.ChannelCodeInfo;
import io.siyu.api.channel.ChannelCodeService;
import io.siyu.api.channel.ChannelCodes;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.Outbox;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagService;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.core.internal.EventReaction;
import io.siyu.store.NewEvent;
import io.siyu.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Channel codes: created at the provider through the channel's {@link ChannelCodes}, stored here, and
 * applied to every {@code contact.added} (WeCom) or {@code follow} (official account) event whose
 * {@code channelCode} is one of their states.
 */
@Component(service = {ChannelCodeService.class, EventReaction.class})
public final class ChannelCodeServiceImpl implements ChannelCodeService, EventReaction {
    static final String ENTRY_POINT = "entryPoint";
    static final String SOURCE_CHANNEL = "sourceChannel";
    static final String OWNER_STAFF = "ownerStaff";
    static final int MAX_NAME = 64;
    static final int MAX_WELCOME_BYTES = 4000;
    private static final Logger LOG = Logger.getLogger(ChannelCodeServiceImpl.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final ChannelRegistry registry;
    private final CustomerService customers;
    private final TagService tags;
    private final Outbox outbox;
    private final Clock clock;

    @Activate
    public ChannelCodeServiceImpl(@Reference Store store, @Reference ChannelRegistry registry,
            @Reference CustomerService customers, @Reference TagService tags, @Reference Outbox outbox) {
        this(store, registry, customers, tags, outbox, Clock.systemUTC());
    }

    public ChannelCodeServiceImpl(Store store, ChannelRegistry registry, CustomerService customers, TagService tags,
            Outbox outbox, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.customers = customers;
        this.tags = tags;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public ChannelCodeInfo create(Caller caller, ChannelCodeDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft == null) {
            throw new ValidationException(FieldError.of("body", "send a channel code as JSON"));
        }
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add(FieldError.of("name", "is required, at most " + MAX_NAME + " characters"));
        }
        Optional<ChannelCodes> codes = Optional.empty();
        String[] channel = draft.channel() == null ? new String[0] : draft.channel().split("/", -1);
        if (channel.length != 2) {
            errors.add(FieldError.of("channel", "is required as type/account, e.g. wecom/main"));
        } else {
            Optional<ChannelAdapter> adapter = registry.adapter(channel[0], channel[1]);
            codes = adapter.flatMap(ChannelAdapter::channelCodes);
            if (adapter.isEmpty()) {
                errors.add(FieldError.of("channel", draft.channel() + " is not running"));
            } else if (codes.isEmpty()) {
                errors.add(FieldError.of("channel", draft.channel() + " has no channel codes"));
            }
        }
        String state = draft.state() == null || draft.state().isBlank() ? newState() : draft.state().strip();
        if (state.length() > ChannelCodes.Request.MAX_STATE_LENGTH || !state.matches("[A-Za-z0-9_.-]+")) {
            errors.add(FieldError.of("state", "at most " + ChannelCodes.Request.MAX_STATE_LENGTH
                    + " of A-Z a-z 0-9 _ . -"));
        } else if (store.channelCodes().findByState(state).isPresent()) {
            errors.add(FieldError.of("state", "'" + state + "' is used by another channel code"));
        }
        if (draft.staffUserIds().size() > 100
                || draft.staffUserIds().stream().anyMatch(s -> s == null || s.isBlank() || s.contains(","))) {
            errors.add(FieldError.of("staffUserIds", "at most 100 staff userids, none blank or with a comma"));
        }
        Set<Long> known = new LinkedHashSet<>();
        tags.list().forEach(t -> known.add(t.id()));
        for (Long tagId : draft.tagIds()) {
            if (tagId == null || !known.contains(tagId)) {
                errors.add(FieldError.of("tagIds", "no tag " + tagId));
            }
        }
        if (draft.welcomeText() != null && draft.welcomeText().getBytes(StandardCharsets.UTF_8).length > MAX_WELCOME_BYTES) {
            errors.add(FieldError.of("welcomeText", "at most " + MAX_WELCOME_BYTES + " bytes (WeCom's limit)"));
        }
        if (store.channelCodes().list().stream().anyMatch(c -> c.name().equals(name))) {
            errors.add(FieldError.of("name", "'" + name + "' is used by another channel code"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        ChannelCodes.ChannelCode created = codes.get().create(
                new ChannelCodes.Request(state, name, draft.staffUserIds(), draft.skipVerify()));
        try {
            return store.channelCodes().insert(new ChannelCodeInfo(0, name, draft.channel(), state,
                    created.providerCodeId(), created.qrCodeUrl(), draft.staffUserIds(), draft.tagIds(),
                    blankToNull(draft.welcomeText()), draft.skipVerify(), clock.instant(), caller.username()));
        } catch (ConflictException e) {
            // Lost a race for the name or state: take the provider's code back rather than leave an orphan.
            codes.get().delete(created.providerCodeId());
            throw e;
        }
    }

    @Override
    public List<ChannelCodeInfo> list(Caller caller) {
        return store.channelCodes().list();
    }

    @Override
    public ChannelCodeInfo get(Caller caller, long id) {
        return store.channelCodes().find(id).orElseThrow(() -> new NotFoundException("channel code", id));
    }

    @Override
    public void delete(Caller caller, long id) {
        ChannelCodeInfo code = get(caller, id);
        String[] channel = code.channel().split("/", 2);
        registry.adapter(channel[0], channel[1]).flatMap(ChannelAdapter::channelCodes)
                .ifPresent(c -> c.delete(code.providerCodeId()));
        store.channelCodes().delete(id);
    }

    @Override
    public void eventsStored(List<NewEvent> events) {
        for (NewEvent e : events) {
            // WeCom contacts come with a contact-way state, official-account followers with a QR scene
            if (!EventTypes.CONTACT_ADDED.equals(e.type()) && !EventTypes.FOLLOW.equals(e.type())) {
                continue;
            }
            Map<String, Object> properties = properties(e);
            Object state = properties.get(EventTypes.CHANNEL_CODE);
            if (state == null) {
                continue;
            }
            Optional<ChannelCodeInfo> code = store.channelCodes().findByState(state.toString());
            if (code.isEmpty()) {
                continue;
            }
            Optional<Long> customerId = e.customerId() != null ? store.identities().resolve(e.customerId())
                    : store.customers().findIdByIdentity(e.identity());
            if (customerId.isEmpty()) {
                continue;
            }
            try {
                apply(code.get(), customerId.get(), e, properties);
            } catch (RuntimeException failure) {
                LOG.log(Level.WARNING, "channel code " + code.get().name() + " could not be applied to customer "
                        + customerId.get(), failure);
            }
        }
    }

    private void apply(ChannelCodeInfo code, long customerId, NewEvent e, Map<String, Object> properties) {
        String type = code.channel().substring(0, code.channel().indexOf('/'));
        String account = code.channel().substring(code.channel().indexOf('/') + 1);
        Object staff = properties.get(EventTypes.STAFF_ID);
        attribute(customerId, code.name(), type, staff == null ? null : staff.toString());
        for (long tagId : code.tagIds()) {
            try {
                tags.tagCustomers(Caller.SYSTEM, tagId, TagAction.ADD, List.of(customerId));
            } catch (NotFoundException deleted) {
                // the tag was deleted after the code was made: the other tags still apply
            }
        }
        Object welcomeCode = properties.get("welcomeCode");
        if (welcomeCode != null && code.welcomeText() != null && e.identity() != null) {
            Object name = properties.get("name");
            String text = code.welcomeText().replace("{name}", name == null ? "" : name.toString());
            outbox.enqueue(new OutboundMessage("welcome:" + e.id(), type, account, MessageKind.WELCOME,
                    List.of(e.identity()), List.of(), MessageContent.Text.of(text), null,
                    staff == null ? null : staff.toString(), Map.of(type + ".welcomeCode", welcomeCode.toString())),
                    null);
        }
    }

    /** First touch wins: attributes already set (an earlier entry point) stay. */
    private void attribute(long customerId, String entryPoint, String channelType, String staff) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Customer c = customers.get(Caller.SYSTEM, customerId);
            Map<String, Object> attributes = new HashMap<>(c.attributes());
            boolean changed = attributes.putIfAbsent(ENTRY_POINT, entryPoint) == null;
            changed |= attributes.putIfAbsent(SOURCE_CHANNEL, channelType) == null;
            if (staff != null) {
                changed |= attributes.putIfAbsent(OWNER_STAFF, staff) == null;
            }
            if (!changed) {
                return;
            }
            Set<Long> tagIds = new LinkedHashSet<>();
            for (Tag t : c.tags()) {
                tagIds.add(t.id());
            }
            try {
                customers.update(Caller.SYSTEM, customerId,
                        new CustomerDraft(c.displayName(), c.identities(), tagIds, attributes), c.version());
                return;
            } catch (ConflictException concurrentUpdate) {
                // read again and re-apply
            }
        }
    }

    private static Map<String, Object> properties(NewEvent e) {
        try {
            return JSON.readValue(e.propertiesJson(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException broken) {
            return Map.of();
        }
    }

    private static String newState() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder("sy");
        for (int i = 0; i < 12; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
