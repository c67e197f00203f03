package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.CustomerTransfers;
import io.siyu.api.channel.GroupChats;
import io.siyu.api.channel.Moments;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
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

/** Group chats (read through to the provider), moments and handovers of one channel account. */
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelOperationsResource {
    private final ServiceAccess services;

    ChannelOperationsResource(ServiceAccess services) {
        this.services = services;
    }

    private static String channel(String type, String account) {
        return type + "/" + account;
    }

    // ------------------------------------------------------------------ group chats

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MemberJson(String userId, String type, String joinedAt, int joinScene, String unionid) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupChatJson(String chatId, String name, String owner, String createdAt, String notice, int memberCount,
            int externalCount, List<MemberJson> members) {
        static GroupChatJson of(GroupChats.GroupChat c) {
            return new GroupChatJson(c.chatId(), c.name(), c.owner(), text(c.createdAt()), c.notice(), c.memberCount(),
                    c.externalCount(), c.members().stream().map(m -> new MemberJson(m.userId(),
                            m.external() ? "external" : "staff", text(m.joinTime()), m.joinScene(), m.unionid())).toList());
        }
    }

    @GET
    @Path("{type}/{account}/group-chats")
    public List<GroupChatJson> groupChats(@PathParam("type") String type, @PathParam("account") String account,
            @QueryParam("status") Integer status, @QueryParam("owner") List<String> owners,
            @Context SecurityContext security) {
        return services.channelOperations().groupChats(Callers.of(security), channel(type, account), status, owners)
                .stream().map(GroupChatJson::of).toList();
    }

    // ------------------------------------------------------------------ moments

    /** An attachment as JSON: {@code {"type":"image|video|link", "mediaId", "title", "url"}}. */
    record AttachmentInput(String type, String mediaId, String title, String url) {
    }

    /** {@code persona} marks persona (IP) content for the touch policy's moments rules. */
    record MomentInput(String text, List<AttachmentInput> attachments, List<String> senderUserIds, List<String> tagIds,
            Boolean persona) {
    }

    record MomentJson(String jobId, Integer status, String state, String momentId, Integer errorCode,
            String errorMessage, List<String> invalidSenders, List<String> invalidTags) {
    }

    static Moments.Moment moment(MomentInput in) {
        if (in == null) {
            throw new ValidationException(FieldError.of("body", "send a moment as JSON"));
        }
        List<FieldError> errors = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        List<AttachmentInput> given = in.attachments() == null ? List.of() : in.attachments();
        for (int i = 0; i < given.size(); i++) {
            AttachmentInput a = given.get(i);
            String field = "attachments[" + i + "]";
            String kind = a == null || a.type() == null ? "" : a.type().toLowerCase(Locale.ROOT);
            try {
                switch (kind) {
                    case "image" -> attachments.add(new Attachment.Image(a.mediaId()));
                    case "video" -> attachments.add(new Attachment.Video(a.mediaId()));
                    case "link" -> attachments.add(new Attachment.Link(a.title(), a.url(), null, blankToNull(a.mediaId())));
                    default -> errors.add(FieldError.of(field + ".type", "image, video or link"));
                }
            } catch (IllegalArgumentException missing) {
                errors.add(FieldError.of(field, kind.equals("link") ? "a link needs title and url"
                        : "an " + kind + " needs a mediaId"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Moments.Moment(in.text(), attachments, in.senderUserIds(), in.tagIds());
    }

    @POST
    @Path("{type}/{account}/moments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response postMoment(@PathParam("type") String type, @PathParam("account") String account, MomentInput in,
            @Context SecurityContext security) {
        String jobId = services.channelOperations().postMoment(Callers.of(security), channel(type, account), moment(in),
                in != null && Boolean.TRUE.equals(in.persona()));
        return Response.accepted(new MomentJson(jobId, null, "submitted", null, null, null, List.of(), List.of()))
                .location(URI.create("channels/" + type + "/" + account + "/moments/" + jobId)).build();
    }

    @GET
    @Path("{type}/{account}/moments/{jobId}")
    public MomentJson moment(@PathParam("type") String type, @PathParam("account") String account,
            @PathParam("jobId") String jobId, @Context SecurityContext security) {
        Moments.TaskResult r = services.channelOperations().momentResult(Callers.of(security), channel(type, account),
                jobId);
        String state = switch (r.status()) {
            case 1 -> "started";
            case 2 -> "running";
            case 3 -> "done";
            default -> "unknown";
        };
        return new MomentJson(r.jobId(), r.status(), state, r.momentId(), r.errorCode(), r.errorMessage(),
                r.invalidSenders(), r.invalidTags());
    }

    // ------------------------------------------------------------------ handovers

    record HandoverInput(String handoverUserId, String takeoverUserId, List<String> externalUserIds, Boolean resigned,
            String message) {
    }

    record OutcomeJson(String externalUserId, boolean accepted, int errorCode) {
    }

    record HandoverJson(int requested, int accepted, List<OutcomeJson> customers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TransferJson(String externalUserId, boolean resigned, int status, String state, String takeoverTime) {
    }

    static final List<String> TRANSFER_STATES = Arrays.asList(null, "done", "waiting", "refused", "taker-full",
            "no-record");

    @POST
    @Path("{type}/{account}/handovers")
    @Consumes(MediaType.APPLICATION_JSON)
    public HandoverJson handover(@PathParam("type") String type, @PathParam("account") String account,
            HandoverInput in, @Context SecurityContext security) {
        if (in == null) {
            throw new ValidationException(FieldError.of("body", "send a handover as JSON"));
        }
        List<CustomerTransfers.Outcome> outcomes = services.channelOperations().handover(Callers.of(security),
                channel(type, account), new ChannelOperations.Handover(in.handoverUserId(), in.takeoverUserId(),
                        in.externalUserIds(), Boolean.TRUE.equals(in.resigned()), in.message()));
        List<OutcomeJson> json = outcomes.stream().map(o -> new OutcomeJson(o.externalUserId(), o.accepted(),
                o.errorCode())).toList();
        return new HandoverJson(json.size(), (int) json.stream().filter(OutcomeJson::accepted).count(), json);
    }

    @GET
    @Path("{type}/{account}/handovers")
    public List<TransferJson> handovers(@PathParam("type") String type, @PathParam("account") String account,
            @QueryParam("handoverUserId") String handoverUserId, @QueryParam("takeoverUserId") String takeoverUserId,
            @Context SecurityContext security) {
        return services.channelOperations().handoverResults(Callers.of(security), channel(type, account),
                handoverUserId, takeoverUserId).stream().map(t -> new TransferJson(t.status().externalUserId(),
                        t.resigned(), t.status().status(),
                        t.status().status() >= 1 && t.status().status() <= 5 ? TRANSFER_STATES.get(t.status().status())
                                : "unknown", text(t.status().takeoverTime()))).toList();
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
