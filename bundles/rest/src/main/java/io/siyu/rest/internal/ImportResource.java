package io.siyu.rest.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportProblem;
import io.siyu.api.customer.ImportService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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
 * Customer CSV imports. The body is spooled to a temporary file first (the request ends long
 * before a big import does), then checked (header, quoting) so a malformed file is a 400 at once.
 * Dry runs of up to {@link #SYNC_LIMIT} bytes answer 200 with the report; everything else is a
 * background job: 202 with its id and Location, polled at {@code GET /imports/{jobId}}.
 */
@Path("imports")
@Produces(MediaType.APPLICATION_JSON)
public final class ImportResource {
    static final long SYNC_LIMIT = 1 << 20;

    private final ServiceAccess services;

    ImportResource(ServiceAccess services) {
        this.services = services;
    }

    @POST
    @Path("customers")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public Response importCustomers(InputStream body, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @QueryParam("mode") @DefaultValue("create") String mode,
            @QueryParam("onError") @DefaultValue("skip") String onError,
            @QueryParam("createTags") @DefaultValue("false") boolean createTags,
            @Context SecurityContext security, @Context UriInfo uri) {
        ImportOptions options = new ImportOptions(dryRun, mode(mode), abort(onError), createTags);
        ImportService imports = services.imports(); // a 503 before the upload is spooled, not after
        java.nio.file.Path file = spool(body);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dryRun && size <= SYNC_LIMIT) {
            try {
                return Response.ok(ImportJobJson.of(imports.run(Callers.of(security), file, options))).build();
            } finally {
                deleteQuietly(file);
            }
        }
        ImportJob job = imports.start(Callers.of(security), file, options, true);
        return Response.accepted(ImportJobJson.of(job))
                .location(uri.getBaseUriBuilder().path("imports").path(job.id()).build()).build();
    }

    @GET
    @Path("{jobId}")
    public ImportJobJson job(@PathParam("jobId") String jobId) {
        return ImportJobJson.of(services.imports().job(jobId).orElseThrow(() -> new NotFoundException("import job", jobId)));
    }

    @GET
    public List<ImportJobJson> jobs() {
        return services.imports().jobs().stream().map(ImportJobJson::of).toList();
    }

    static ImportMode mode(String mode) {
        try {
            return ImportMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of("mode", "'" + mode + "' is not create or upsert"));
        }
    }

    static boolean abort(String onError) {
        return switch (onError.strip().toLowerCase(Locale.ROOT)) {
            case "skip" -> false;
            case "abort" -> true;
            default -> throw new ValidationException(FieldError.of("onError", "'" + onError + "' is not skip or abort"));
        };
    }

    private static java.nio.file.Path spool(InputStream body) {
        try {
            java.nio.file.Path file = Files.createTempFile("siyu-import-", ".csv");
            try {
                Files.copy(body == null ? InputStream.nullInputStream() : body, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                deleteQuietly(file);
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not receive the upload: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the OS cleans its temp dir
        }
    }

    record ProblemJson(long row, String column, String message) {
        static ProblemJson of(ImportProblem p) {
            return new ProblemJson(p.row(), p.column(), p.message());
        }
    }

    /** An import's status and report; {@code percent} is -1 while the size is unknown. */
    record ImportJobJson(String id, String state, boolean dryRun, String mode, String onError, boolean createTags,
            long rowsRead, long rowsWritten, long rowsFailed, long created, long updated, int percent,
            long problemCount, List<ProblemJson> problems, String message, String startedAt, String finishedAt) {
        static ImportJobJson of(ImportJob j) {
            return new ImportJobJson(j.id(), j.state().name().toLowerCase(Locale.ROOT), j.options().dryRun(),
                    j.options().mode().name().toLowerCase(Locale.ROOT), j.options().abortOnError() ? "abort" : "skip",
                    j.options().createTags(), j.rowsRead(), j.rowsWritten(), j.rowsFailed(), j.created(), j.updated(),
                    j.percent(), j.problemCount(), j.problems().stream().map(ProblemJson::of).toList(), j.message(),
                    text(j.startedAt()), text(j.finishedAt()));
        }

        private static String text(Instant t) {
            return t == null ? null : t.toString();
        }
    }
}
