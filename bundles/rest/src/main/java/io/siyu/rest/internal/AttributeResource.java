package io.siyu.rest.internal;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.rest.internal.Dto.AttributeInput;
import io.siyu.rest.internal.Dto.AttributeJson;
import java.util.List;
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
import javax.ws.rs.core.UriInfo;

/**
 * The customer attribute schema. Only custom attributes can be changed or deleted; deleting one
 * that customers hold values of needs {@code ?purge=true}, which removes those values too.
 */
@Path("attributes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class AttributeResource {
    private final ServiceAccess services;

    AttributeResource(ServiceAccess services) {
        this.services = services;
    }

    @GET
    public List<AttributeJson> list() {
        return services.attributes().list().stream().map(AttributeJson::of).toList();
    }

    @GET
    @Path("{name}")
    public AttributeJson get(@PathParam("name") String name) {
        return AttributeJson.of(services.attributes().get(name));
    }

    @POST
    public Response define(AttributeInput input, @Context UriInfo uri) {
        AttributeDefinition d = services.attributes().define(CustomerResource.requireBody(input).toDraft());
        return Response.created(uri.getAbsolutePathBuilder().path(d.name()).build()).entity(AttributeJson.of(d)).build();
    }

    @PUT
    @Path("{name}")
    public AttributeJson update(@PathParam("name") String name, AttributeInput input) {
        return AttributeJson.of(services.attributes().update(name, CustomerResource.requireBody(input).toDraft()));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @QueryParam("purge") @DefaultValue("false") boolean purge) {
        services.attributes().delete(name, purge);
        return Response.noContent().build();
    }
}
