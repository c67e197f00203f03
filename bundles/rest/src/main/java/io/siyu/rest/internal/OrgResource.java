package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.org.Caller;
import io.siyu.api.org.HandoverRequest;
import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.api.org.Staff;
import io.siyu.rest.internal.Dto.PageJson;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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

/**
 * The org model: who am I, the unit tree, staff, roles, customer shares and handovers. What a
 * caller may change and see is decided by the org service from their position, not here.
 */
@Path("org")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OrgResource {
    private final ServiceAccess services;

    OrgResource(ServiceAccess services) {
        this.services = services;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MeJson(String username, String staffId, String scope, Set<String> roles, Set<String> permissions) {
    }

    record UnitJson(String id, String parentId, String name, String kind) {
        static UnitJson of(OrgUnit u) {
            return new UnitJson(u.id(), u.parentId(), u.name(), u.kind());
        }
    }

    record UnitInput(String parentId, String name, String kind) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StaffJson(String id, String name, String orgUnitId, Set<String> positions, Set<String> roleIds,
            String wecomUserId, boolean active) {
        static StaffJson of(Staff s) {
            return new StaffJson(s.id(), s.name(), s.orgUnitId(), new TreeSet<>(s.positions()),
                    new TreeSet<>(s.roleIds()), s.wecomUserId(), s.active());
        }
    }

    record StaffInput(String name, String orgUnitId, Set<String> positions, Set<String> roleIds, String wecomUserId,
            Boolean active) {
    }

    record RoleJson(String id, String name, String scope, Set<String> permissions) {
        static RoleJson of(Role r) {
            return new RoleJson(r.id(), r.name(), r.scope().name(), names(r.permissions()));
        }
    }

    static Set<String> names(Set<Permission> permissions) {
        Set<String> names = new TreeSet<>();
        permissions.forEach(p -> names.add(p.name()));
        return names;
    }

    @GET
    @Path("me")
    public MeJson me(@Context SecurityContext security) {
        Caller c = Callers.of(security);
        return new MeJson(c.username(), c.staffId(), c.scope().name(), new TreeSet<>(c.roles()),
                names(services.org().permissions(c)));
    }

    @GET
    @Path("units")
    public List<UnitJson> units(@Context SecurityContext security) {
        return services.org().units(Callers.of(security)).stream().map(UnitJson::of).toList();
    }

    @GET
    @Path("units/{id}")
    public UnitJson unit(@PathParam("id") String id, @Context SecurityContext security) {
        return UnitJson.of(services.org().unit(Callers.of(security), id));
    }

    @PUT
    @Path("units/{id}")
    public UnitJson putUnit(@PathParam("id") String id, UnitInput input, @Context SecurityContext security) {
        UnitInput in = CustomerResource.requireBody(input);
        return UnitJson.of(services.org().putUnit(Callers.of(security), new OrgUnit(id, in.parentId(), in.name(), in.kind())));
    }

    @DELETE
    @Path("units/{id}")
    public Response deleteUnit(@PathParam("id") String id, @Context SecurityContext security) {
        services.org().deleteUnit(Callers.of(security), id);
        return Response.noContent().build();
    }

    /**
     * The unit's children ranked (a brand's stores, a head office's branches) over the last
     * {@code days} days, or from/to as ISO instants.
     */
    @GET
    @Path("units/{id}/leaderboard")
    public List<io.siyu.api.org.UnitStats> leaderboard(@PathParam("id") String id,
            @QueryParam("days") @DefaultValue("30") int days, @QueryParam("from") String from,
            @QueryParam("to") String to, @Context SecurityContext security) {
        java.time.Instant end;
        java.time.Instant start;
        try {
            end = to == null ? java.time.Instant.now() : java.time.Instant.parse(to);
            start = from == null ? end.minus(java.time.Duration.ofDays(days)) : java.time.Instant.parse(from);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException(FieldError.of(from != null ? "from" : "to",
                    "is an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z"));
        }
        if (days < 1 || days > 366) {
            throw new ValidationException(FieldError.of("days", "1 to 366"));
        }
        return services.org().leaderboard(Callers.of(security), id, start, end);
    }

    @GET
    @Path("units/{id}/staff")
    public PageJson<StaffJson> staffIn(@PathParam("id") String id, @QueryParam("subtree") @DefaultValue("false") boolean subtree,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit,
            @Context SecurityContext security) {
        return PageJson.of(services.org().staffIn(Callers.of(security), id, subtree, new PageRequest(offset, limit)),
                StaffJson::of);
    }

    @GET
    @Path("staff/{id}")
    public StaffJson staff(@PathParam("id") String id, @Context SecurityContext security) {
        return StaffJson.of(services.org().staff(Callers.of(security), id));
    }

    @PUT
    @Path("staff/{id}")
    public StaffJson putStaff(@PathParam("id") String id, StaffInput input, @Context SecurityContext security) {
        StaffInput in = CustomerResource.requireBody(input);
        return StaffJson.of(services.org().putStaff(Callers.of(security), new Staff(id, in.name(), in.orgUnitId(),
                in.positions(), in.roleIds(), blankToNull(in.wecomUserId()), in.active() == null || in.active())));
    }

    @GET
    @Path("staff/{id}/handovers")
    public PageJson<HandoverJson> handoversOf(@PathParam("id") String id,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("20") int limit,
            @Context SecurityContext security) {
        return PageJson.of(services.org().handovers(Callers.of(security), id, new PageRequest(offset, limit)),
                HandoverJson::of);
    }

    @GET
    @Path("roles")
    public List<RoleJson> roles() {
        return services.org().roles().stream().map(RoleJson::of).toList();
    }

    // --- handovers ---

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutcomeJson(Long customerId, String groupChatId, String status, String reason) {
    }

    record HandoverJson(long id, String kind, String fromStaffId, String toStaffId, String requestedAt,
            boolean finished, List<OutcomeJson> customers, List<OutcomeJson> groups) {
        static HandoverJson of(HandoverResult r) {
            return new HandoverJson(r.id(), lower(r.kind()), r.fromStaffId(), r.toStaffId(), r.requestedAt().toString(),
                    r.finished(),
                    r.customers().stream().map(c -> new OutcomeJson(c.customerId(), null, lower(c.status()), c.reason())).toList(),
                    r.groups().stream().map(g -> new OutcomeJson(null, g.groupChatId(), lower(g.status()), g.reason())).toList());
        }
    }

    record HandoverInput(String kind, String fromStaffId, String toStaffId, List<Long> customerIds,
            List<String> groupChatIds, String message) {
    }

    @POST
    @Path("handovers")
    public Response handover(HandoverInput input, @Context UriInfo uri, @Context SecurityContext security) {
        HandoverInput in = CustomerResource.requireBody(input);
        HandoverRequest.Kind kind;
        try {
            kind = HandoverRequest.Kind.valueOf((in.kind() == null ? "in_service" : in.kind()).strip()
                    .toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of("kind", "'" + in.kind() + "' is not one of in-service, resigned"));
        }
        HandoverResult r = services.org().handover(Callers.of(security), new HandoverRequest(kind, in.fromStaffId(),
                in.toStaffId(), in.customerIds(), in.groupChatIds(), in.message()));
        return Response.created(uri.getBaseUriBuilder().path("org/handovers").path(Long.toString(r.id())).build())
                .entity(HandoverJson.of(r)).build();
    }

    @GET
    @Path("handovers/{id}")
    public HandoverJson handoverStatus(@PathParam("id") long id, @Context SecurityContext security) {
        return HandoverJson.of(services.org().handoverStatus(Callers.of(security), id));
    }

    // --- shares ---

    @GET
    @Path("customers/{id}/shares")
    public List<String> shares(@PathParam("id") long id, @Context SecurityContext security) {
        return services.org().sharedWith(Callers.of(security), id);
    }

    @PUT
    @Path("customers/{id}/shares/{staffId}")
    public Response share(@PathParam("id") long id, @PathParam("staffId") String staffId, @Context SecurityContext security) {
        services.org().share(Callers.of(security), id, staffId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("customers/{id}/shares/{staffId}")
    public Response unshare(@PathParam("id") long id, @PathParam("staffId") String staffId,
            @Context SecurityContext security) {
        services.org().unshare(Callers.of(security), id, staffId);
        return Response.noContent().build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
