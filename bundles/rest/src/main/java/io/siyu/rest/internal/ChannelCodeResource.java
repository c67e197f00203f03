package io.siyu.rest.internal;

import io.siyu.api.channel.ChannelCodeDraft;
import io.siyu.api.channel.ChannelCodeInfo;
import java.net.URI;
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
import javax.ws.rs.core.SecurityContext;

/** Channel codes (渠道活码): create at the provider, list, delete. */
@Path("channel-codes")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelCodeResource {
    private final ServiceAccess services;

    ChannelCodeResource(ServiceAccess services) {
        this.services = services;
    }

    @GET
    public List<ChannelCodeInfo> list(@Context SecurityContext security) {
        return services.channelCodes().list(Callers.of(security));
    }

    @GET
    @Path("{id}")
    public ChannelCodeInfo get(@PathParam("id") long id, @Context SecurityContext security) {
        return services.channelCodes().get(Callers.of(security), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ChannelCodeDraft draft, @Context SecurityContext security) {
        ChannelCodeInfo created = services.channelCodes().create(Callers.of(security), draft);
        return Response.created(URI.create("channel-codes/" + created.id())).entity(created).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        services.channelCodes().delete(Callers.of(security), id);
        return Response.noContent().build();
    }
}
