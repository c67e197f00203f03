package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.masssend.MassSendPlan;
import io.siyu.api.masssend.MassSendProgress;
import io.siyu.rest.internal.Dto.PageJson;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Mass sends (群发): define one, look at its plan (who is eligible, who is blocked by which touch
 * rule until when, per staff member), accept it (optionally rescheduling the blocked part), follow
 * its progress, cancel it.
 */
@Path("mass-sends")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class MassSendResource {
    private final ServiceAccess services;

    MassSendResource(ServiceAccess services) {
        this.services = services;
    }

    record AudienceJson(Long segmentId, List<Long> customerIds) {
    }

    record Input(String name, AudienceJson audience, String channel, String kind, String text,
            List<OutboxResource.LinkJson> links, OutboxResource.TemplateJson template, String scheduledAt) {
    }

    record AcceptInput(Boolean rescheduleBlocked) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BlockedJson(String rule, String reason, long count, String allowedFrom) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StaffJson(String staffId, long eligible) {
    }

    record PlanJson(String at, long audience, long eligible, List<BlockedJson> blocked, List<StaffJson> perStaff,
            List<String> preview, String computedAt, long computeMillis) {
        static PlanJson of(MassSendPlan p) {
            return p == null ? null : new PlanJson(p.at().toString(), p.audience(), p.eligible(),
                    p.blocked().stream().map(b -> new BlockedJson(b.ruleId(), b.reason(), b.count(),
                            b.allowedFrom() == null ? null : b.allowedFrom().toString())).toList(),
                    p.perStaff().stream().map(s -> new StaffJson(s.staffId(), s.eligible())).toList(), p.preview(),
                    p.computedAt().toString(), p.computeMillis());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MassSendJson(long id, String name, AudienceJson audience, String channel, String kind, String text,
            String templateId, Long contentId, String scheduledAt, String state, PlanJson acceptedPlan, Long followUpOf,
            String createdBy, String createdAt) {
        static MassSendJson of(MassSend m) {
            String text = m.content() instanceof MessageContent.Text t ? t.text() : null;
            String template = m.content() instanceof MessageContent.Template t ? t.templateId() : null;
            return new MassSendJson(m.id(), m.name(), new AudienceJson(m.audience().segmentId(),
                    m.audience().customerIds()), m.channelType() + "/" + m.channelAccount(),
                    PolicyResource.lower(m.kind()), text, template,
                    m.content() instanceof MessageContent.LibraryTemplate l ? l.contentId() : null,
                    m.scheduledAt().toString(),
                    PolicyResource.lower(m.state()), PlanJson.of(m.acceptedPlan()), m.followUpOf(), m.createdBy(),
                    m.createdAt().toString());
        }
    }

    record ProgressJson(long total, long queued, long sending, long sent, long delivered, long confirmed,
            long failed, long cancelled, Map<String, Long> failedByReason, int messages) {
        static ProgressJson of(MassSendProgress p) {
            return new ProgressJson(p.total(), p.queued(), p.sending(), p.sent(), p.delivered(), p.confirmed(),
                    p.failed(), p.cancelled(), p.failedByReason(), p.messages());
        }
    }

    @POST
    public Response create(Input input, @Context SecurityContext security) {
        MassSend m = services.massSends().create(Callers.of(security), draft(CustomerResource.requireBody(input)));
        return Response.created(URI.create("mass-sends/" + m.id())).entity(MassSendJson.of(m)).build();
    }

    @GET
    public PageJson<MassSendJson> list(@QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit, @Context SecurityContext security) {
        return PageJson.of(services.massSends().list(Callers.of(security), new PageRequest(offset, limit)),
                MassSendJson::of);
    }

    @GET
    @Path("{id}")
    public MassSendJson get(@PathParam("id") long id, @Context SecurityContext security) {
        return MassSendJson.of(services.massSends().get(Callers.of(security), id));
    }

    @GET
    @Path("{id}/plan")
    public PlanJson plan(@PathParam("id") long id, @Context SecurityContext security) {
        return PlanJson.of(services.massSends().plan(Callers.of(security), id));
    }

    @POST
    @Path("{id}/accept")
    public MassSendJson accept(@PathParam("id") long id, AcceptInput in, @Context SecurityContext security) {
        return MassSendJson.of(services.massSends().accept(Callers.of(security), id,
                in != null && Boolean.TRUE.equals(in.rescheduleBlocked())));
    }

    @POST
    @Path("{id}/cancel")
    public MassSendJson cancel(@PathParam("id") long id, @Context SecurityContext security) {
        return MassSendJson.of(services.massSends().cancel(Callers.of(security), id));
    }

    @GET
    @Path("{id}/progress")
    public ProgressJson progress(@PathParam("id") long id, @Context SecurityContext security) {
        return ProgressJson.of(services.massSends().progress(Callers.of(security), id));
    }

    static MassSendDraft draft(Input in) {
        List<FieldError> errors = new ArrayList<>();
        String[] channel = in.channel() == null ? new String[0] : in.channel().split("/", -1);
        if (channel.length != 2 || channel[0].isBlank() || channel[1].isBlank()) {
            errors.add(FieldError.of("channel", "is required as type/account, e.g. wecom/main"));
        }
        MessageKind kind = PolicyResource.parse(MessageKind.class, in.kind() == null ? "mass" : in.kind(), "kind", errors);
        Audience audience = null;
        if (in.audience() == null) {
            errors.add(FieldError.of("audience", "is required: {\"segmentId\": …} or {\"customerIds\": […]}"));
        } else {
            try {
                audience = new Audience(in.audience().segmentId(), in.audience().customerIds());
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of("audience", e.getMessage()));
            }
        }
        MessageContent content = null;
        try {
            content = OutboxResource.content(in.text(), in.links(), in.template());
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(FieldError.of(in.template() != null ? "template" : "text", e.getMessage() == null
                    ? "is required" : e.getMessage()));
        }
        Instant at = in.scheduledAt() == null ? null : PolicyResource.time(in.scheduledAt(), "scheduledAt", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new MassSendDraft(in.name(), audience, channel[0], channel[1], kind, content, at);
    }
}
