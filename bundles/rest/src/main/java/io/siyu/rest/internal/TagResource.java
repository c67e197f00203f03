package io.siyu.rest.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagBulkResult;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagUpdate;
import io.siyu.api.org.Caller;
import io.siyu.rest.internal.TagDto.BulkInput;
import io.siyu.rest.internal.TagDto.BulkJson;
import io.siyu.rest.internal.TagDto.RuleJson;
import io.siyu.rest.internal.TagDto.RuleRunJson;
import io.siyu.rest.internal.TagDto.TagDefinitionJson;
import io.siyu.rest.internal.TagDto.TagInput;
import io.siyu.rest.internal.TagDto.TagUpdateInput;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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

/** Tags: enterprise, personal (the caller's own) and auto (with a rule); bulk tagging of customers. */
@Path("tags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TagResource {
    private final ServiceAccess services;

    TagResource(ServiceAccess services) {
        this.services = services;
    }

    @POST
    public Response create(TagInput input, @Context SecurityContext security, @Context UriInfo uri) {
        TagDefinition t = services.tags().create(Callers.of(security), CustomerResource.requireBody(input).toDraft());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(t.id())).build())
                .entity(TagDefinitionJson.of(t)).build();
    }

    /** The tags the caller may see, with how many customers carry each; filter by group id or name and kind. */
    @GET
    public List<TagDefinitionJson> list(@QueryParam("groupId") Long groupId, @QueryParam("group") String group,
            @QueryParam("kind") String kind, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        Map<Long, Long> counts = services.tags().customerCounts(caller);
        return services.tags().definitions(caller, groupId, TagDto.kind(kind, "kind")).stream()
                .filter(t -> group == null || t.group().equals(group))
                .map(t -> TagDefinitionJson.of(t, counts.getOrDefault(t.id(), 0L))).toList();
    }

    @GET
    @Path("{id}")
    public TagDefinitionJson get(@PathParam("id") long id, @Context SecurityContext security) {
        return TagDefinitionJson.of(services.tags().definition(Callers.of(security), id));
    }

    /** Rename, move to another group, reorder, set the WeCom id, replace an auto tag's rule. */
    @PUT
    @Path("{id}")
    public TagDefinitionJson update(@PathParam("id") long id, TagUpdateInput input, @Context SecurityContext security) {
        return TagDefinitionJson.of(services.tags().update(Callers.of(security), id,
                CustomerResource.requireBody(input).toUpdate()));
    }

    /** Replaces an auto tag's rule; every customer is re-evaluated in the background (see rule-run). */
    @PUT
    @Path("{id}/rule")
    public TagDefinitionJson updateRule(@PathParam("id") long id, RuleJson rule, @Context SecurityContext security) {
        return TagDefinitionJson.of(services.tags().update(Callers.of(security), id,
                TagUpdate.rule(CustomerResource.requireBody(rule).toRule())));
    }

    /** Progress of the latest re-evaluation of the tag's rule on this node. */
    @GET
    @Path("{id}/rule-run")
    public RuleRunJson ruleRun(@PathParam("id") long id, @Context SecurityContext security) {
        return services.tags().ruleRun(Callers.of(security), id).map(RuleRunJson::of)
                .orElseThrow(() -> new NotFoundException("rule run of tag", id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        services.tags().delete(Callers.of(security), id);
        return Response.noContent().build();
    }

    /** Puts the tag on or takes it off many customers: {"customerIds":[…]} or {"segmentId":n}, "action":"add"|"remove". */
    @POST
    @Path("{id}/customers")
    public BulkJson bulk(@PathParam("id") long id, BulkInput input, @Context SecurityContext security) {
        BulkInput body = CustomerResource.requireBody(input);
        TagAction action = body.tagAction();
        if ((body.customerIds() == null) == (body.segmentId() == null)) {
            throw new ValidationException(FieldError.of("customerIds", "send either customerIds or segmentId"));
        }
        Caller caller = Callers.of(security);
        TagBulkResult r = body.segmentId() != null
                ? services.tags().tagSegment(caller, id, action, body.segmentId())
                : services.tags().tagCustomers(caller, id, action, body.customerIds());
        return new BulkJson(r.requested(), r.changed());
    }
}
