package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.audit.AuditEntry;
import io.siyu.api.audit.AuditQuery;
import io.siyu.api.audit.AuditVerification;
import io.siyu.rest.internal.Dto.PageJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/** The audit log: entries newest first, and a walk of the hash chain. Needs audit.read. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
    private final ServiceAccess services;

    AuditResource(ServiceAccess services) {
        this.services = services;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EntryJson(long seq, String at, String actor, String action, String subjectType, String subjectId,
            String detail, String hash) {
        static EntryJson of(AuditEntry e) {
            return new EntryJson(e.seq(), e.at().toString(), e.actor(), e.action(), e.subjectType(), e.subjectId(),
                    e.detail(), e.hash());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerificationJson(boolean intact, long checked, long lastSeq, String headHash, Long firstBrokenSeq,
            String problem) {
        static VerificationJson of(AuditVerification v) {
            return new VerificationJson(v.intact(), v.checked(), v.lastSeq(), v.headHash(), v.firstBrokenSeq(), v.problem());
        }
    }

    @GET
    public PageJson<EntryJson> query(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("subjectType") String subjectType, @QueryParam("subjectId") String subjectId,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit,
            @Context SecurityContext security) {
        AuditQuery query = new AuditQuery(actor, action, subjectType, subjectId, instant(from, "from"),
                instant(to, "to"), new PageRequest(offset, limit));
        return PageJson.of(services.audit().query(Callers.of(security), query), EntryJson::of);
    }

    @GET
    @Path("verify")
    public VerificationJson verify(@Context SecurityContext security) {
        return VerificationJson.of(services.audit().verify(Callers.of(security)));
    }

    static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException(FieldError.of(field, "is an ISO-8601 instant, e.g. 2026-11-23T08:00:00Z"));
        }
    }
}
