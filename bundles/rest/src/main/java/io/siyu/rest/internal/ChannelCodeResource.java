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

    /** A channel code as the API shows it. */
    record ChannelCodeJson(long id, String name, String channel, String state, String providerCodeId,
            String qrCodeUrl, List<String> staffUserIds, java.util.Set<Long> tagIds, String welcomeText,
            boolean skipVerify, String createdAt, String createdBy) {
        static ChannelCodeJson of(ChannelCodeInfo c) {
            return new ChannelCodeJson(c.id(), c.name(), c.channel(), c.state(), c.providerCodeId(), c.qrCodeUrl(),
                    c.staffUserIds(), c.tagIds(), c.welcomeText(), c.skipVerify(), c.createdAt().toString(),
                    c.createdBy());
        }
    }

    @GET
    public List<ChannelCodeJson> list(@Context SecurityContext security) {
        return services.channelCodes().list(Callers.of(security)).stream().map(ChannelCodeJson::of).toList();
    }

    @GET
    @Path("{id}")
    public ChannelCodeJson get(@PathParam("id") long id, @Context SecurityContext security) {
        return ChannelCodeJson.of(services.channelCodes().get(Callers.of(security), id));
    }

    /** What POST takes; {@code skipVerify} may be left out (false). */
    record ChannelCodeInput(String name, String channel, String state, List<String> staffUserIds,
            java.util.Set<Long> tagIds, String welcomeText, Boolean skipVerify) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ChannelCodeInput in, @Context SecurityContext security) {
        ChannelCodeDraft draft = in == null ? null : new ChannelCodeDraft(in.name(), in.channel(), in.state(),
                in.staffUserIds(), in.tagIds(), in.welcomeText(), Boolean.TRUE.equals(in.skipVerify()));
        ChannelCodeInfo created = services.channelCodes().create(Callers.of(security), draft);
        return Response.created(URI.create("channel-codes/" + created.id())).entity(ChannelCodeJson.of(created))
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        services.channelCodes().delete(Callers.of(security), id);
        return Response.noContent().build();
    }
}
