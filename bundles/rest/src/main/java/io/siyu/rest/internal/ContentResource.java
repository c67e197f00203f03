package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.SmsText;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentQuery;
import io.siyu.api.content.ContentState;
import io.siyu.api.content.ContentTransition;
import io.siyu.api.content.ContentVersion;
import io.siyu.rest.internal.Dto.PageJson;
import io.siyu.rest.internal.OutboxResource.LinkJson;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

/**
 * The content library: listing, writing, and the review flow (submit, approve, reject, withdraw).
 * Who may do what, and which content a caller sees, is the content service's decision.
 */
@Path("contents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ContentResource {
    private final ServiceAccess services;

    ContentResource(ServiceAccess services) {
        this.services = services;
    }

    /**
     * A content body, read according to the content's kind: {@code text} (+ {@code links},
     * {@code images}) for text, article and moment; {@code subject}/{@code html}/{@code text} for
     * e-mail; {@code text}/{@code parameterNames}/{@code signName}/{@code providerTemplates}
     * ({@code "sms-tencent/main":"1234567"}) for an SMS template; {@code text} for a script.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record BodyJson(String text, List<LinkJson> links, List<String> images, String subject, String html,
            List<String> parameterNames, String signName, Map<String, String> providerTemplates) {
        static BodyJson of(ContentBody body) {
            if (body instanceof ContentBody.SmsTemplate s) {
                return new BodyJson(s.text(), null, null, null, null, s.parameterNames(), s.signName(),
                        s.providerTemplates());
            }
            if (body instanceof ContentBody.Script s) {
                return new BodyJson(s.text(), null, null, null, null, null, null, null);
            }
            MessageContent c = ((ContentBody.Message) body).content();
            if (c instanceof MessageContent.Email e) {
                return new BodyJson(e.text(), null, null, e.subject(), e.html(), null, null, null);
            }
            if (c instanceof MessageContent.Text t) {
                List<LinkJson> links = new ArrayList<>();
                List<String> images = new ArrayList<>();
                for (Attachment a : t.attachments()) {
                    if (a instanceof Attachment.Link l) {
                        links.add(new LinkJson(l.title(), l.url(), l.description(), l.imageSource()));
                    } else if (a instanceof Attachment.Image i) {
                        images.add(i.source());
                    }
                }
                return new BodyJson(t.text(), links, images, null, null, null, null, null);
            }
            return new BodyJson(null, null, null, null, null, null, null, null);
        }

        ContentBody toBody(ContentKind kind) {
            try {
                switch (kind) {
                    case SMS_TEMPLATE:
                        return new ContentBody.SmsTemplate(text, parameterNames, signName, providerTemplates);
                    case SCRIPT:
                        return new ContentBody.Script(text);
                    case EMAIL:
                        return new ContentBody.Message(new MessageContent.Email(subject, html, text));
                    default:
                        List<Attachment> attachments = new ArrayList<>();
                        if (links != null) {
                            links.forEach(l -> attachments.add(new Attachment.Link(l.title(), l.url(), l.description(),
                                    l.imageSource())));
                        }
                        if (images != null) {
                            images.forEach(i -> attachments.add(new Attachment.Image(i)));
                        }
                        return new ContentBody.Message(new MessageContent.Text(text, attachments));
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ValidationException(FieldError.of("content", e.getMessage() == null ? "is incomplete"
                        : e.getMessage()));
            }
        }
    }

    /** Length and billed parts of an SMS template with its signature, before any send. */
    record SmsLengthJson(String encoding, int length, int segments, int mainlandLength, int mainlandSegments) {
        static SmsLengthJson of(SmsText t) {
            return new SmsLengthJson(t.encoding().name().toLowerCase(Locale.ROOT).replace('_', '-'), t.length(),
                    t.segments(), t.mainlandLength(), t.mainlandSegments());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VersionJson(int version, String title, Set<String> labels, String state, String author, String createdAt,
            String reviewer, String reviewedAt, String reason, BodyJson content, SmsLengthJson sms) {
        static VersionJson of(ContentVersion v) {
            return v == null ? null : new VersionJson(v.version(), v.title(), new TreeSet<>(v.labels()), lower(v.state()),
                    v.author(), v.createdAt().toString(), v.reviewer(),
                    v.reviewedAt() == null ? null : v.reviewedAt().toString(), v.reason(), BodyJson.of(v.body()),
                    v.body() instanceof ContentBody.SmsTemplate s ? SmsLengthJson.of(s.length()) : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContentJson(long id, String kind, String ownerUnitId, String state, boolean usable, String createdBy,
            String createdAt, VersionJson latest, VersionJson approved) {
        static ContentJson of(ContentItem c) {
            return new ContentJson(c.id(), lower(c.kind()), c.ownerUnitId(), lower(c.state()), c.usable(), c.createdBy(),
                    c.createdAt().toString(), VersionJson.of(c.latest()), VersionJson.of(c.approved()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TransitionJson(int version, String from, String to, String actor, String at, String reason) {
        static TransitionJson of(ContentTransition t) {
            return new TransitionJson(t.version(), t.from() == null ? null : lower(t.from()), lower(t.to()), t.actor(),
                    t.at().toString(), t.reason());
        }
    }

    /** What {@code POST /contents} and {@code PUT /contents/{id}} take. */
    record ContentInput(String kind, String title, Set<String> labels, String ownerUnitId, BodyJson content) {
        ContentDraft toDraft() {
            ContentKind k = kind == null ? null : parse(ContentKind.class, kind, "kind");
            if (k == null) {
                throw new ValidationException(FieldError.of("kind", "is required: one of " + names(ContentKind.class)));
            }
            if (content == null) {
                throw new ValidationException(FieldError.of("content", "is required"));
            }
            return new ContentDraft(k, title, labels, ownerUnitId, content.toBody(k));
        }
    }

    /** A review decision: a comment for approve, a reason for reject and withdraw. */
    record DecisionInput(String comment, String reason) {
    }

    @GET
    public PageJson<ContentJson> list(@QueryParam("state") String state, @QueryParam("label") String label,
            @QueryParam("kind") String kind, @QueryParam("usable") @DefaultValue("false") boolean usable,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("20") int limit,
            @Context SecurityContext security) {
        ContentQuery query = new ContentQuery(state == null || state.isBlank() ? null : parse(ContentState.class, state, "state"),
                label, kind == null || kind.isBlank() ? null : parse(ContentKind.class, kind, "kind"), usable,
                new PageRequest(offset, limit));
        return PageJson.of(services.contents().list(Callers.of(security), query), ContentJson::of);
    }

    @POST
    public Response create(ContentInput input, @Context UriInfo uri, @Context SecurityContext security) {
        ContentItem c = services.contents().create(Callers.of(security), CustomerResource.requireBody(input).toDraft());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(c.id())).build())
                .entity(ContentJson.of(c)).build();
    }

    @GET
    @Path("{id}")
    public ContentJson get(@PathParam("id") long id, @Context SecurityContext security) {
        return ContentJson.of(services.contents().get(Callers.of(security), id));
    }

    @GET
    @Path("{id}/versions")
    public List<VersionJson> versions(@PathParam("id") long id, @Context SecurityContext security) {
        return services.contents().versions(Callers.of(security), id).stream().map(VersionJson::of).toList();
    }

    @GET
    @Path("{id}/history")
    public List<TransitionJson> history(@PathParam("id") long id, @Context SecurityContext security) {
        return services.contents().history(Callers.of(security), id).stream().map(TransitionJson::of).toList();
    }

    @PUT
    @Path("{id}")
    public ContentJson update(@PathParam("id") long id, ContentInput input, @Context SecurityContext security) {
        return ContentJson.of(services.contents().update(Callers.of(security), id,
                CustomerResource.requireBody(input).toDraft()));
    }

    @POST
    @Path("{id}/submit")
    public ContentJson submit(@PathParam("id") long id, @Context SecurityContext security) {
        return ContentJson.of(services.contents().submit(Callers.of(security), id));
    }

    @POST
    @Path("{id}/approve")
    public ContentJson approve(@PathParam("id") long id, DecisionInput input, @Context SecurityContext security) {
        return ContentJson.of(services.contents().approve(Callers.of(security), id,
                input == null ? null : input.comment()));
    }

    @POST
    @Path("{id}/reject")
    public ContentJson reject(@PathParam("id") long id, DecisionInput input, @Context SecurityContext security) {
        return ContentJson.of(services.contents().reject(Callers.of(security), id, input == null ? null : input.reason()));
    }

    @POST
    @Path("{id}/withdraw")
    public ContentJson withdraw(@PathParam("id") long id, DecisionInput input, @Context SecurityContext security) {
        return ContentJson.of(services.contents().withdraw(Callers.of(security), id,
                input == null ? null : input.reason()));
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of(field, "'" + value + "' is not one of " + names(type)));
        }
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return EnumSet.allOf(type).toString().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
