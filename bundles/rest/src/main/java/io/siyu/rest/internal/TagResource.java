package io.siyu.rest.internal;

import io.siyu.api.customer.Tag;
import io.siyu.rest.internal.Dto.TagInput;
import io.siyu.rest.internal.Dto.TagJson;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

@Path("tags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TagResource {
    private final ServiceAccess services;

    TagResource(ServiceAccess services) {
        this.services = services;
    }

    @POST
    public Response create(TagInput input, @Context UriInfo uri) {
        Tag t = services.tags().create(CustomerResource.requireBody(input).toDraft());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(t.id())).build())
                .entity(TagJson.of(t)).build();
    }

    @GET
    public List<TagJson> list() {
        return services.tags().list().stream().map(TagJson::of).toList();
    }

    @GET
    @Path("{id}")
    public TagJson get(@PathParam("id") long id) {
        return TagJson.of(services.tags().get(id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        services.tags().delete(id);
        return Response.noContent().build();
    }
}
