package io.siyu.rest.internal;

import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.org.Caller;
import io.siyu.rest.internal.TagDto.GroupInput;
import io.siyu.rest.internal.TagDto.GroupJson;
import io.siyu.rest.internal.TagDto.TagDefinitionJson;
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
import javax.ws.rs.core.UriInfo;

/** Tag groups, each listed with the tags the caller may see. */
@Path("tag-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TagGroupResource {
    private final ServiceAccess services;

    TagGroupResource(ServiceAccess services) {
        this.services = services;
    }

    @GET
    public List<GroupJson> list(@QueryParam("kind") String kind, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        Map<Long, Long> counts = services.tags().customerCounts(caller);
        Map<Long, List<TagDefinitionJson>> byGroup = services.tags().definitions(caller, null, TagDto.kind(kind, "kind"))
                .stream().collect(Collectors.groupingBy(TagDefinition::groupId,
                        Collectors.mapping(t -> TagDefinitionJson.of(t, counts.getOrDefault(t.id(), 0L)), Collectors.toList())));
        return services.tags().groups().stream().map(g -> GroupJson.of(g, byGroup.getOrDefault(g.id(), List.of()))).toList();
    }

    @POST
    public Response create(GroupInput input, @Context SecurityContext security, @Context UriInfo uri) {
        TagGroup g = services.tags().createGroup(Callers.of(security), CustomerResource.requireBody(input).toDraft());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(g.id())).build())
                .entity(GroupJson.of(g, List.of())).build();
    }

    @GET
    @Path("{id}")
    public GroupJson get(@PathParam("id") long id, @Context SecurityContext security) {
        TagGroup g = services.tags().group(id);
        return GroupJson.of(g, services.tags().definitions(Callers.of(security), id, null).stream()
                .map(TagDefinitionJson::of).toList());
    }

    /** Rename, reorder, set the WeCom id (empty clears it); absent fields are kept. */
    @PUT
    @Path("{id}")
    public GroupJson update(@PathParam("id") long id, GroupInput input, @Context SecurityContext security) {
        return GroupJson.of(services.tags().updateGroup(Callers.of(security), id,
                CustomerResource.requireBody(input).toDraft()), null);
    }

    /** Refused (409) while the group has tags, unless {@code force=true}, which deletes them with it. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @QueryParam("force") @DefaultValue("false") boolean force,
            @Context SecurityContext security) {
        services.tags().deleteGroup(Callers.of(security), id, force);
        return Response.noContent().build();
    }
}
