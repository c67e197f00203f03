package io.siyu.rest.internal;

import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.ConditionCodec;
import io.siyu.api.segment.RfmRule;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.api.segment.SegmentService;
import io.siyu.rest.internal.Dto.CustomerJson;
import io.siyu.rest.internal.Dto.PageJson;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriInfo;

/**
 * Segments: stored definitions, live counts and members of any condition, CSV export and the RFM
 * rule behind customer layers. Conditions are JSON trees (see {@link ConditionCodec}).
 */
@Path("segments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SegmentResource {
    private final ServiceAccess services;

    SegmentResource(ServiceAccess services) {
        this.services = services;
    }

    /** A definition to store; {@code version} is the one read, for optimistic updates (optional). */
    record SegmentInput(String name, String description, Object condition, Long version) {
        SegmentDraft toDraft() {
            return new SegmentDraft(name, description, ConditionCodec.fromTree(condition, "condition"));
        }
    }

    record SegmentJson(long id, String name, String description, Map<String, Object> condition, long version,
            Long count) {
        static SegmentJson of(SegmentDefinition d, Long count) {
            return new SegmentJson(d.id(), d.name(), d.description(), ConditionCodec.toTree(d.condition()), d.version(), count);
        }
    }

    record ConditionInput(Object condition, Integer offset, Integer limit) {
    }

    record CountJson(long count, double millis) {
    }

    record RfmRuleJson(Integer windowDays, List<Integer> recencyDays, List<Integer> frequencyCounts,
            List<BigDecimal> monetaryAmounts, Integer loyalMinScore, Integer coreMinScore) {
        static RfmRuleJson of(RfmRule r) {
            return new RfmRuleJson(r.windowDays(), r.recencyDays(), r.frequencyCounts(), r.monetaryAmounts(),
                    r.loyalMinScore(), r.coreMinScore());
        }

        RfmRule toRule() {
            List<FieldError> missing = new ArrayList<>();
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("windowDays", windowDays);
            fields.put("recencyDays", recencyDays);
            fields.put("frequencyCounts", frequencyCounts);
            fields.put("monetaryAmounts", monetaryAmounts);
            fields.put("loyalMinScore", loyalMinScore);
            fields.put("coreMinScore", coreMinScore);
            fields.forEach((k, v) -> {
                if (v == null) {
                    missing.add(FieldError.of(k, "is required"));
                }
            });
            if (!missing.isEmpty()) {
                throw new ValidationException(missing);
            }
            return new RfmRule(windowDays, recencyDays, frequencyCounts, monetaryAmounts, loyalMinScore, coreMinScore);
        }
    }

    @GET
    public List<SegmentJson> list(@QueryParam("counts") @DefaultValue("false") boolean counts,
            @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        SegmentService segments = services.segments();
        return segments.list(caller).stream()
                .map(d -> SegmentJson.of(d, counts ? segments.count(caller, d.condition()) : null)).toList();
    }

    @POST
    public Response define(SegmentInput input, @Context UriInfo uri, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        SegmentDefinition d = services.segments().define(caller, CustomerResource.requireBody(input).toDraft());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(d.id())).build())
                .entity(SegmentJson.of(d, services.segments().count(caller, d.condition()))).build();
    }

    @GET
    @Path("{id}")
    public SegmentJson get(@PathParam("id") long id, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        SegmentDefinition d = services.segments().get(caller, id);
        return SegmentJson.of(d, services.segments().count(caller, d.condition()));
    }

    @PUT
    @Path("{id}")
    public SegmentJson update(@PathParam("id") long id, SegmentInput input, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        SegmentInput body = CustomerResource.requireBody(input);
        SegmentDefinition d = services.segments().update(caller, id, body.toDraft(), body.version());
        return SegmentJson.of(d, services.segments().count(caller, d.condition()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        services.segments().delete(Callers.of(security), id);
        return Response.noContent().build();
    }

    /** Members with their profiles, a page at a time. */
    @GET
    @Path("{id}/members")
    public PageJson<CustomerJson> members(@PathParam("id") long id, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        SegmentDefinition d = services.segments().get(caller, id);
        return profiles(caller, services.segments().members(caller, d.condition(), new PageRequest(offset, limit)));
    }

    /** The live count of a condition that need not be stored: what a segment builder shows as you type. */
    @POST
    @Path("count")
    public CountJson count(ConditionInput input, @Context SecurityContext security) {
        Condition c = ConditionCodec.fromTree(CustomerResource.requireBody(input).condition(), "condition");
        long start = System.nanoTime();
        long count = services.segments().count(Callers.of(security), c);
        return new CountJson(count, (System.nanoTime() - start) / 1_000_000.0);
    }

    /** What {@code POST /segments/breakdown} takes: the attributes, and a condition or none for everyone. */
    record BreakdownInput(String rows, String columns, Object condition) {
    }

    /** Customers by one attribute's values and optionally a second's: a funnel by stage and source. */
    @POST
    @Path("breakdown")
    public io.siyu.api.segment.Breakdown breakdown(BreakdownInput input, @Context SecurityContext security) {
        BreakdownInput body = CustomerResource.requireBody(input);
        Condition c = body.condition() == null ? null : ConditionCodec.fromTree(body.condition(), "condition");
        return services.segments().breakdown(Callers.of(security), c, body.rows(), body.columns());
    }

    @POST
    @Path("preview")
    public PageJson<CustomerJson> preview(ConditionInput input, @Context SecurityContext security) {
        ConditionInput body = CustomerResource.requireBody(input);
        Condition c = ConditionCodec.fromTree(body.condition(), "condition");
        Caller caller = Callers.of(security);
        PageRequest page = new PageRequest(body.offset() == null ? 0 : body.offset(), body.limit() == null ? 20 : body.limit());
        return profiles(caller, services.segments().members(caller, c, page));
    }

    private PageJson<CustomerJson> profiles(Caller caller, Page<Long> ids) {
        List<CustomerJson> items = new ArrayList<>();
        for (long id : ids.items()) {
            try {
                items.add(CustomerJson.of(services.customers().get(caller, id)));
            } catch (io.siyu.api.NotFoundException deletedMeanwhile) {
                // the index had not seen the deletion yet
            }
        }
        return new PageJson<>(items, ids.total(), ids.offset(), ids.limit());
    }

    /** Every member as CSV (UTF-8 with BOM, so spreadsheet programs read Chinese names right). */
    @GET
    @Path("{id}/export")
    @Produces("text/csv")
    public Response export(@PathParam("id") long id, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        if (!services.org().permissions(caller).contains(io.siyu.api.org.Permission.CUSTOMER_EXPORT)) {
            // checked before a byte is streamed: a 403 cannot follow a started 200
            throw new io.siyu.api.ForbiddenException("'" + caller.username() + "' lacks the permission customer.export");
        }
        SegmentDefinition d = services.segments().get(caller, id);
        SegmentService segments = services.segments();
        io.siyu.api.audit.AuditLog audit = services.auditOrNull();
        if (audit != null) {
            audit.record(caller, new io.siyu.api.audit.AuditRecord(io.siyu.api.audit.AuditActions.CUSTOMER_EXPORT,
                    "segment", Long.toString(id), "members of '" + d.name() + "' as CSV"));
        }
        StreamingOutput body = out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write('\uFEFF');
            w.write("id,displayName,identities,tags,attributes\r\n");
            int offset = 0;
            while (true) {
                Page<Long> page = segments.members(caller, d.condition(), new PageRequest(offset, PageRequest.MAX_LIMIT));
                for (long member : page.items()) {
                    Customer c;
                    try {
                        c = services.customers().get(caller, member);
                    } catch (io.siyu.api.NotFoundException gone) {
                        continue;
                    }
                    w.write(c.id() + "," + csv(c.displayName()) + ","
                            + csv(c.identities().stream().map(Object::toString).collect(Collectors.joining(";"))) + ","
                            + csv(c.tags().stream().map(t -> t.group() + "/" + t.name()).collect(Collectors.joining(";"))) + ","
                            + csv(c.attributes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                    .sorted().collect(Collectors.joining(";"))) + "\r\n");
                }
                offset += page.items().size();
                if (page.items().isEmpty() || offset >= page.total()) {
                    break;
                }
            }
            w.flush();
        };
        String file = "segment-" + id + ".csv";
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    static String csv(String s) {
        if (s.isEmpty()) {
            return s;
        }
        // A leading = + - @ would be a formula in spreadsheet programs.
        String safe = "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    @GET
    @Path("rfm-rule")
    public RfmRuleJson rfmRule() {
        return RfmRuleJson.of(services.segments().rfmRule());
    }

    @PUT
    @Path("rfm-rule")
    public RfmRuleJson setRfmRule(RfmRuleJson input, @Context SecurityContext security) {
        RfmRule rule = CustomerResource.requireBody(input).toRule();
        services.segments().setRfmRule(Callers.of(security), rule);
        return RfmRuleJson.of(rule);
    }
}
