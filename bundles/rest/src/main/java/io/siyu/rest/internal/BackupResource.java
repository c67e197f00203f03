package io.siyu.rest.internal;

import io.siyu.api.backup.BackupProgress;
import io.siyu.api.backup.BackupService;
import io.siyu.api.backup.BackupSummary;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Response.Status;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

/**
 * The whole instance as one zip archive ({@code GET /backup}) and back into an empty instance
 * ({@code POST /restore}). Both hand out or replace every customer's data, so only administrators
 * may call them; {@link AuthFilter} only tells readers from writers, so the check is here.
 */
@Path("/")
public final class BackupResource {
    static final Set<String> ADMIN_ROLES = Set.of("admin", "siyu-admin");
    static final String ZIP = "application/zip";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ServiceAccess services;

    BackupResource(ServiceAccess services) {
        this.services = services;
    }

    /** What a restore put back: the archive's versions and the rows per table. */
    public record BackupJson(int formatVersion, int schemaVersion, String siyuVersion, String createdAt, Map<String, Long> rows) {
        static BackupJson of(BackupSummary s) {
            return new BackupJson(s.formatVersion(), s.schemaVersion(), s.siyuVersion(), s.createdAt().toString(), s.rows());
        }
    }

    @GET
    @Path("backup")
    @Produces({ZIP, MediaType.APPLICATION_JSON})
    public Response backup(@Context SecurityContext security) {
        Response refused = refuseNonAdmin(security);
        if (refused != null) {
            return refused;
        }
        BackupService backup = services.backup(); // a missing service is a 503 problem, before any byte is sent
        StreamingOutput body = out -> backup.export(out, BackupProgress.NONE);
        String file = "siyu-backup-" + FILE_TIME.format(java.time.Instant.now()) + ".zip";
        return Response.ok(body, ZIP).header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    @POST
    @Path("restore")
    @Consumes({ZIP, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public Response restore(InputStream archive, @Context SecurityContext security) {
        Response refused = refuseNonAdmin(security);
        if (refused != null) {
            return refused;
        }
        return Response.ok(BackupJson.of(services.backup().restore(archive, BackupProgress.NONE))).build();
    }

    static Response refuseNonAdmin(SecurityContext security) {
        return refuseNonAdmin(security, "to back up or restore the whole instance");
    }

    /** A 403 problem unless the caller is an administrator; {@code purpose} ends the sentence "needs … role". */
    static Response refuseNonAdmin(SecurityContext security, String purpose) {
        if (security.getUserPrincipal() instanceof CallerPrincipal p && p.user().roles().stream().anyMatch(ADMIN_ROLES::contains)) {
            return null;
        }
        String name = security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        return Problem.of(Status.FORBIDDEN, "forbidden", "user '" + name + "' needs one of the roles " + ADMIN_ROLES
                + " " + purpose).toResponse();
    }
}
