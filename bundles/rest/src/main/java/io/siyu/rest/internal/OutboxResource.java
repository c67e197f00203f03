package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.api.channel.RecipientDelivery;
import io.siyu.api.channel.SmsText;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentVersion;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.policy.TouchScenario;
import io.siyu.rest.internal.Dto.IdentityJson;
import io.siyu.rest.internal.Dto.PageJson;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * The outbox: what is queued, sending, sent or failed, per message and per recipient; retry and
 * cancel; and {@code POST /messages}, which queues a message after the touch policy allowed every
 * recipient (administrators may bypass it with a reason, which is audited).
 */
@Path("outbox")
@Produces(MediaType.APPLICATION_JSON)
public final class OutboxResource {
    /** Keys travel in URLs: no slashes, no spaces. */
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:#@-]{1,128}");

    private final ServiceAccess services;

    OutboxResource(ServiceAccess services) {
        this.services = services;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EntryJson(String idempotencyKey, String channel, String kind, String state, int attempts,
            String createdAt, String updatedAt, String nextAttemptAt, String providerMessageId, String errorCode,
            String errorMessage, int recipientCount, Map<String, Integer> recipientStates) {
        static EntryJson of(OutboxEntry e) {
            Map<String, Integer> states = new TreeMap<>();
            e.recipientStates().forEach((k, v) -> states.put(k.name().toLowerCase(Locale.ROOT), v));
            return new EntryJson(e.idempotencyKey(), e.channelKey(), e.kind().name().toLowerCase(Locale.ROOT),
                    e.state().name().toLowerCase(Locale.ROOT), e.attempts(), e.createdAt().toString(),
                    e.updatedAt().toString(), e.nextAttemptAt() == null ? null : e.nextAttemptAt().toString(),
                    e.providerMessageId(), e.errorCode(), e.errorMessage(), e.recipientCount(), states);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecipientJson(IdentityJson recipient, String state, String errorCode, String errorMessage,
            String updatedAt) {
        static RecipientJson of(RecipientDelivery r) {
            return new RecipientJson(IdentityJson.of(r.recipient()), r.state().name().toLowerCase(Locale.ROOT),
                    r.errorCode(), r.errorMessage(), r.updatedAt().toString());
        }
    }

    record DepthJson(String channel, boolean adapterPresent, long queued, long sending, long failed,
            long oldestQueuedAgeSeconds) {
    }

    /**
     * A provider template by its {@code id}, or (SMS) an approved SMS template of the content library
     * by its {@code contentId}, with the parameter values in {@code data}.
     */
    record TemplateJson(String id, Long contentId, Map<String, String> data, String url) {
    }

    record LinkJson(String title, String url, String description, String imageSource) {
    }

    /** An e-mail's subject and bodies; see {@link MessageContent.Email}. */
    record EmailJson(String subject, String html, String text) {
    }

    /**
     * What {@code POST /messages} takes. {@code policy} is {@code check} (the default) or {@code bypass}
     * (administrators, with a {@code reason} for the audit log).
     */
    record MessageInput(String idempotencyKey, String channel, String kind, List<IdentityJson> recipients,
            List<String> groupChatIds, String text, List<LinkJson> links, TemplateJson template, String sender,
            String scenario, Map<String, String> options, String notBefore, EmailJson email, String policy,
            String reason) {
    }

    @GET
    public PageJson<EntryJson> list(@QueryParam("channel") String channel, @QueryParam("state") List<String> states,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        OutboxQuery query = new OutboxQuery(channel, states(states));
        return PageJson.of(services.outbox().list(query, new PageRequest(offset, limit)), EntryJson::of);
    }

    @GET
    @Path("depth")
    public List<DepthJson> depth() {
        return services.outbox().depth().stream().map(d -> new DepthJson(d.channelKey(), d.adapterPresent(),
                d.queued(), d.sending(), d.failed(), d.oldestQueuedAgeSeconds())).toList();
    }

    @GET
    @Path("{key}")
    public EntryJson get(@PathParam("key") String key) {
        return EntryJson.of(services.outbox().find(key)
                .orElseThrow(() -> new io.siyu.api.NotFoundException("outbox message", key)));
    }

    @GET
    @Path("{key}/recipients")
    public PageJson<RecipientJson> recipients(@PathParam("key") String key,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return PageJson.of(services.outbox().recipients(key, new PageRequest(offset, limit)), RecipientJson::of);
    }

    @POST
    @Path("{key}/retry")
    public Response retry(@PathParam("key") String key, @Context SecurityContext security) {
        Response denied = BackupResource.refuseNonAdmin(security, "to retry or cancel messages by hand");
        if (denied != null) {
            return denied;
        }
        return Response.ok(EntryJson.of(services.outbox().retry(key))).build();
    }

    @POST
    @Path("{key}/cancel")
    public Response cancel(@PathParam("key") String key, @Context SecurityContext security) {
        Response denied = BackupResource.refuseNonAdmin(security, "to retry or cancel messages by hand");
        if (denied != null) {
            return denied;
        }
        return Response.ok(EntryJson.of(services.outbox().cancel(key))).build();
    }

    static OutboundMessage message(MessageInput in, Instant[] notBefore) {
        if (in == null) {
            throw new ValidationException(FieldError.of("body", "send a message as JSON"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (in.idempotencyKey() == null || !KEY.matcher(in.idempotencyKey()).matches()) {
            errors.add(FieldError.of("idempotencyKey", "is required: 1 to 128 of A-Z a-z 0-9 . _ : # @ -"));
        }
        String[] channel = in.channel() == null ? new String[0] : in.channel().split("/", -1);
        if (channel.length != 2 || channel[0].isBlank() || channel[1].isBlank()) {
            errors.add(FieldError.of("channel", "is required as type/account, e.g. wecom/main"));
        }
        MessageKind kind = null;
        try {
            kind = MessageKind.valueOf(String.valueOf(in.kind()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of("kind", "is one of " + EnumSet.allOf(MessageKind.class).toString()
                    .toLowerCase(Locale.ROOT)));
        }
        List<ChannelIdentity> recipients = new ArrayList<>();
        List<IdentityJson> given = in.recipients() == null ? List.of() : in.recipients();
        for (int i = 0; i < given.size(); i++) {
            IdentityJson j = given.get(i);
            String field = "recipients[" + i + "]";
            if (j == null || j.type() == null || j.value() == null || j.value().isBlank()) {
                errors.add(FieldError.of(field, "needs a type and a value"));
                continue;
            }
            try {
                recipients.add(new ChannelIdentity(IdentityType.fromCode(j.type()), j.namespace(), j.value()));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of(field + ".type", "unknown identity type '" + j.type() + "'"));
            }
        }
        TouchScenario scenario = null;
        if (in.scenario() != null) {
            try {
                scenario = TouchScenario.valueOf(in.scenario().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of("scenario", "is one of " + EnumSet.allOf(TouchScenario.class).toString()
                        .toLowerCase(Locale.ROOT)));
            }
        }
        if (in.notBefore() != null) {
            try {
                notBefore[0] = Instant.parse(in.notBefore());
            } catch (DateTimeParseException e) {
                errors.add(FieldError.of("notBefore", "is an ISO-8601 instant, e.g. 2026-11-23T08:00:00Z"));
            }
        }
        MessageContent content = null;
        try {
            content = content(in);
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of(in.template() != null ? "template" : in.email() != null ? "email" : "text",
                    e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        try {
            return new OutboundMessage(in.idempotencyKey(), channel[0], channel[1], kind, recipients,
                    in.groupChatIds(), content, scenario, in.sender(), in.options());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ValidationException(FieldError.of(kind == MessageKind.GROUP ? "groupChatIds" : "recipients",
                    e.getMessage()));
        }
    }

    private static MessageContent content(MessageInput in) {
        if (in.email() != null) {
            if (in.text() != null || in.template() != null) {
                throw new IllegalArgumentException("give an email, text or a template, not several");
            }
            return new MessageContent.Email(in.email().subject(), in.email().html(), in.email().text());
        }
        return content(in.text(), in.links(), in.template());
    }

    /** Text with links, or a template: the content of messages and mass sends. */
    static MessageContent content(String text, List<LinkJson> links, TemplateJson template) {
        if (template != null) {
            if (text != null) {
                throw new IllegalArgumentException("give text or a template, not both");
            }
            if (template.contentId() != null) {
                if (template.id() != null) {
                    throw new IllegalArgumentException("give a template id or a contentId, not both");
                }
                return new MessageContent.LibraryTemplate(template.contentId(), template.data());
            }
            return new MessageContent.Template(template.id(), template.data(), template.url(), null);
        }
        List<Attachment> attachments = new ArrayList<>();
        if (links != null) {
            for (LinkJson l : links) {
                attachments.add(new Attachment.Link(l.title(), l.url(), l.description(), l.imageSource()));
            }
        }
        return new MessageContent.Text(text, attachments);
    }

    private static Set<DeliveryState> states(List<String> states) {
        Set<DeliveryState> out = EnumSet.noneOf(DeliveryState.class);
        for (String s : states == null ? List.<String>of() : states) {
            for (String part : s.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    out.add(DeliveryState.valueOf(part.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException(FieldError.of("state", "'" + part + "' is not one of "
                            + EnumSet.allOf(DeliveryState.class).toString().toLowerCase(Locale.ROOT)));
                }
            }
        }
        return out;
    }

    /**
     * {@code POST /messages}: queues a message once the touch policy allows every recipient (409
     * {@code touch-blocked} names each blocked one, with its rule and when it becomes allowed), or,
     * for an administrator who gives {@code "policy":"bypass"} and a reason, without the policy.
     */
    @Path("messages")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class MessageResource {
        private final ServiceAccess services;

        MessageResource(ServiceAccess services) {
            this.services = services;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response enqueue(MessageInput input, @Context SecurityContext security) {
            Instant[] notBefore = new Instant[1];
            OutboundMessage message = message(input, notBefore);
            String policy = input.policy() == null ? "check" : input.policy();
            OutboxEntry entry = switch (policy) {
                case "check" -> {
                    if (input.reason() != null) {
                        throw new ValidationException(FieldError.of("reason", "is only for \"policy\":\"bypass\""));
                    }
                    yield services.checkedSends().send(Callers.of(security), message, notBefore[0]);
                }
                case "bypass" -> services.checkedSends().sendUnchecked(Callers.of(security), message, notBefore[0],
                        input.reason());
                default -> throw new ValidationException(FieldError.of("policy", "is check (the default) or bypass"));
            };
            return Response.status(Response.Status.ACCEPTED).location(URI.create("outbox/" + entry.idempotencyKey()))
                    .entity(EntryJson.of(entry)).build();
        }

        /**
         * {@code POST /messages/sms-preview}: how long an SMS is and how many billed parts it makes,
         * before it is sent: an SMS template of the content library ({@code contentId}) rendered with
         * its signature and the parameter values ({@code params}), or any {@code text} as it is. The
         * template's approved version is measured, or its latest while none is approved.
         */
        @POST
        @Path("sms-preview")
        @Consumes(MediaType.APPLICATION_JSON)
        public SmsPreviewJson smsPreview(SmsPreviewInput in, @Context SecurityContext security) {
            if (in == null || (in.text() == null) == (in.contentId() == null)) {
                throw new ValidationException(FieldError.of("contentId", "give a content id with its params, or a text"));
            }
            if (in.text() != null) {
                return SmsPreviewJson.of(SmsText.of(in.text()), null, null);
            }
            ContentItem item = services.contents().get(Callers.of(security), in.contentId());
            ContentVersion version = item.approved() != null ? item.approved() : item.latest();
            if (!(version.body() instanceof ContentBody.SmsTemplate sms)) {
                throw new ValidationException(FieldError.of("contentId", "content " + in.contentId() + " is "
                        + item.kind().name().toLowerCase(Locale.ROOT) + ", not an SMS template"));
            }
            try {
                return SmsPreviewJson.of(sms.rendered(in.params()), version.version(),
                        version.state().name().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException(FieldError.of("params", e.getMessage()));
            }
        }
    }

    /** What {@code POST /messages/sms-preview} takes. */
    record SmsPreviewInput(Long contentId, Map<String, String> params, String text) {
    }

    /**
     * The measured SMS: {@code encoding}, {@code length} and {@code segments} by the GSM 7-bit / UCS-2
     * rules (160/153, 70/67); {@code mainlandLength} and {@code mainlandSegments} as mainland China
     * carriers bill (every character one, 70/67).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SmsPreviewJson(String text, String encoding, int length, int segments, int mainlandLength,
            int mainlandSegments, Integer contentVersion, String contentState) {
        static SmsPreviewJson of(SmsText t, Integer version, String state) {
            return new SmsPreviewJson(t.text(), t.encoding() == SmsText.Encoding.GSM_7 ? "gsm-7" : "ucs-2", t.length(),
                    t.segments(), t.mainlandLength(), t.mainlandSegments(), version, state);
        }
    }
}
