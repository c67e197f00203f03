package io.siyu.rest.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.IdentityConflictException;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Response.Status;
import javax.ws.rs.ext.ExceptionMapper;

/** Every failure leaves the API as a problem detail; stack traces stay in the log. */
final class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    static List<Class<?>> all() {
        return List.of(Validation.class, NotFound.class, Conflict.class, Unavailable.class, Json.class,
                WebApplication.class, Unexpected.class, IdentityTaken.class, ChannelCall.class, Forbidden.class, TouchBlocked.class);
    }

    public static final class Validation implements ExceptionMapper<ValidationException> {
        @Override
        public Response toResponse(ValidationException e) {
            return new Problem(Problem.TYPE_BASE + "validation", "Bad Request", 400,
                    "the request has " + e.errors().size() + " invalid field(s); nothing was stored", e.errors())
                    .toResponse();
        }
    }

    public static final class NotFound implements ExceptionMapper<NotFoundException> {
        @Override
        public Response toResponse(NotFoundException e) {
            return Problem.of(Status.NOT_FOUND, "not-found", e.getMessage()).toResponse();
        }
    }

    /** A permission or data scope the caller lacks; the message names it. */
    public static final class Forbidden implements ExceptionMapper<io.siyu.api.ForbiddenException> {
        @Override
        public Response toResponse(io.siyu.api.ForbiddenException e) {
            return Problem.of(Status.FORBIDDEN, "forbidden", e.getMessage()).toResponse();
        }
    }

    public static final class Conflict implements ExceptionMapper<ConflictException> {
        @Override
        public Response toResponse(ConflictException e) {
            return Problem.of(Status.CONFLICT, "conflict", e.getMessage()).toResponse();
        }
    }

    /**
     * The touch policy blocked a message: 409, one entry per blocked recipient or group chat with
     * the rule, the reason and, where waiting helps, when the touch becomes allowed.
     */
    public static final class TouchBlocked implements ExceptionMapper<io.siyu.api.policy.TouchBlockedException> {
        @Override
        public Response toResponse(io.siyu.api.policy.TouchBlockedException e) {
            List<FieldError> errors = e.blocked().stream().map(b -> FieldError.of(b.target(),
                    b.decision().ruleId() + ": " + b.decision().reason()
                            + (b.customerId() == null ? "" : " (customer " + b.customerId() + ")")
                            + (b.decision().allowedFrom() == null ? "" : "; allowed from " + b.decision().allowedFrom())))
                    .toList();
            return new Problem(Problem.TYPE_BASE + "touch-blocked", "Conflict", 409, e.getMessage(), errors)
                    .toResponse();
        }
    }

    /** Create and update never merge silently; the problem says how to merge on purpose. */
    public static final class IdentityTaken implements ExceptionMapper<IdentityConflictException> {
        @Override
        public Response toResponse(IdentityConflictException e) {
            return Problem.of(Status.CONFLICT, "identity-taken", e.getMessage() + ". To merge the two profiles, link the"
                    + " identity explicitly: POST /siyu/api/v1/customers/{id}/identities with " + "{\"type\":\""
                    + e.identity().type().code() + "\",\"value\":…} (or POST /siyu/api/v1/customers/" + e.ownerId()
                    + "/merge with {\"customerId\":{id}})").toResponse();
        }
    }

    /** The provider said no (or could not be reached): 502, with the provider's code and message. */
    public static final class ChannelCall implements ExceptionMapper<io.siyu.api.channel.ChannelCallException> {
        @Override
        public Response toResponse(io.siyu.api.channel.ChannelCallException e) {
            return Problem.of(Status.BAD_GATEWAY, e.isTransient() ? "provider-unavailable" : "provider-refused",
                    e.getMessage()).toResponse();
        }
    }

    public static final class Unavailable implements ExceptionMapper<UnavailableException> {
        @Override
        public Response toResponse(UnavailableException e) {
            return Problem.of(Status.SERVICE_UNAVAILABLE, "unavailable", e.getMessage()).toResponse();
        }
    }

    /** Malformed JSON or a value of the wrong type: name the field, never echo parser internals. */
    public static final class Json implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            String field = "body";
            if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
                field = m.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
            }
            String message = describe(e);
            return new Problem(Problem.TYPE_BASE + "malformed-json", "Bad Request", 400,
                    "the request body is not valid JSON for this resource; nothing was stored",
                    List.of(FieldError.of(field, message))).toResponse();
        }
    }

    /** What was wrong, in the API's terms: no Java class names or parser positions. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field; known fields are " + u.getKnownPropertyIds();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + jsonType(m.getTargetType());
        }
        if (e instanceof JsonParseException) {
            String message = e.getOriginalMessage();
            return message.length() > 200 ? message.substring(0, 200) + "…" : message;
        }
        return "not a valid value here";
    }

    private static String jsonType(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** Jersey's own answers (unknown path, wrong method, unsupported media type) as problems too. */
    public static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            Response.StatusType status = r.getStatusInfo();
            String detail = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
            Response problem = Problem.of(status, "http-" + status.getStatusCode(), detail).toResponse();
            if (r.getHeaderString("WWW-Authenticate") != null) {
                return Response.fromResponse(problem).header("WWW-Authenticate", r.getHeaderString("WWW-Authenticate")).build();
            }
            if (r.getHeaderString("Allow") != null) {
                return Response.fromResponse(problem).header("Allow", r.getHeaderString("Allow")).build();
            }
            return problem;
        }
    }

    public static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Siyu REST internal error, incident " + incident, e);
            return Problem.of(Status.INTERNAL_SERVER_ERROR, "internal",
                    "internal error; the server log has the details under incident " + incident).toResponse();
        }
    }
}
