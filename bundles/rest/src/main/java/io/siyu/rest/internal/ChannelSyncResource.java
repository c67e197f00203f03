package io.siyu.rest.internal;

import io.siyu.api.channel.ChannelSyncService;
import java.net.URI;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** Corp tag sync (both ways, at once) and contact sync (a background job) of one channel account. */
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelSyncResource {
    private final ServiceAccess services;

    ChannelSyncResource(ServiceAccess services) {
        this.services = services;
    }

    record TagSyncJson(String channel, int created, int groupsCreated, int tagsCreated, int linked, int pushed,
            int skipped) {
        static TagSyncJson of(ChannelSyncService.TagSyncResult r) {
            return new TagSyncJson(r.channel(), r.created(), r.groupsCreated(), r.tagsCreated(), r.linked(), r.pushed(),
                    r.skipped());
        }
    }

    record ContactSyncJson(String id, String channel, String state, int staffTotal, int staffDone, int contactsSeen,
            int created, int linked, int updated, int unchanged, int failed, String message, String startedAt,
            String finishedAt) {
        static ContactSyncJson of(ChannelSyncService.ContactSyncJob j) {
            return new ContactSyncJson(j.id(), j.channel(), j.state().name().toLowerCase(java.util.Locale.ROOT),
                    j.staffTotal(), j.staffDone(), j.contactsSeen(), j.created(), j.linked(), j.updated(), j.unchanged(),
                    j.failed(), j.message(), j.startedAt().toString(),
                    j.finishedAt() == null ? null : j.finishedAt().toString());
        }
    }

    @POST
    @Path("{type}/{account}/tag-sync")
    public TagSyncJson syncTags(@PathParam("type") String type, @PathParam("account") String account,
            @Context SecurityContext security) {
        return TagSyncJson.of(services.channelSync().syncTags(Callers.of(security), type + "/" + account));
    }

    @POST
    @Path("{type}/{account}/contact-sync")
    public Response startContactSync(@PathParam("type") String type, @PathParam("account") String account,
            @Context SecurityContext security) {
        ChannelSyncService.ContactSyncJob job = services.channelSync().startContactSync(Callers.of(security),
                type + "/" + account);
        return Response.accepted(ContactSyncJson.of(job))
                .location(URI.create("channels/" + type + "/" + account + "/contact-sync/" + job.id())).build();
    }

    @GET
    @Path("{type}/{account}/contact-sync/{jobId}")
    public ContactSyncJson contactSync(@PathParam("type") String type, @PathParam("account") String account,
            @PathParam("jobId") String jobId, @Context SecurityContext security) {
        ChannelSyncService.ContactSyncJob job = services.channelSync().contactSyncJob(Callers.of(security), jobId);
        if (!job.channel().equals(type + "/" + account)) {
            throw new io.siyu.api.NotFoundException("contact sync job", jobId);
        }
        return ContactSyncJson.of(job);
    }
}
