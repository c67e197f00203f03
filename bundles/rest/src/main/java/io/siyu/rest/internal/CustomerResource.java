package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.org.Caller;
import io.siyu.rest.internal.Dto.CustomerInput;
import io.siyu.rest.internal.Dto.Customer360Json;
import io.siyu.rest.internal.Dto.CustomerJson;
import io.siyu.rest.internal.Dto.EventJson;
import io.siyu.rest.internal.Dto.PageJson;
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
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

@Path("customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CustomerResource {
    private final ServiceAccess services;

    CustomerResource(ServiceAccess services) {
        this.services = services;
    }

    @POST
    public Response create(CustomerInput input, @Context SecurityContext security, @Context UriInfo uri) {
        Customer c = services.customers().create(Callers.of(security), requireBody(input).toDraft());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(c.id())).build())
                .entity(CustomerJson.of(c)).build();
    }

    @GET
    public PageJson<CustomerJson> list(@QueryParam("q") String text, @QueryParam("tag") Long tagId,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit, @Context SecurityContext security) {
        return PageJson.of(services.customers().search(Callers.of(security),
                new CustomerQuery(text, tagId, new PageRequest(offset, limit))), CustomerJson::of);
    }

    /**
     * The customer 360 view: profile, consent per channel and the newest events ({@code timelineLimit}, 0 for none).
     * An id merged away answers 200 with the live profile (its own {@code id}), plus {@code requestedId} and
     * {@code mergedInto} and a {@code Content-Location} naming the live profile: every client handles a 200, and
     * the body says what happened.
     */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") long id, @QueryParam("timelineLimit") @DefaultValue("20") int timelineLimit,
            @Context SecurityContext security, @Context UriInfo uri) {
        if (timelineLimit < 0 || timelineLimit > PageRequest.MAX_LIMIT) {
            throw new ValidationException(FieldError.of("timelineLimit", "must be between 0 and " + PageRequest.MAX_LIMIT));
        }
        Caller caller = Callers.of(security);
        Customer c = services.customers().get(caller, id);
        List<ConsentResource.ConsentJson> consents = services.consents().consents(caller, c.id()).stream()
                .map(ConsentResource.ConsentJson::of).toList();
        PageJson<EventJson> timeline = timelineLimit == 0 ? null
                : PageJson.of(services.events().timeline(caller, c.id(), PageRequest.first(timelineLimit)), EventJson::of);
        io.siyu.api.segment.SegmentService segments = services.segments;
        String layer = null;
        try {
            layer = segments == null ? null : segments.layerOf(caller, c.id()).name();
        } catch (io.siyu.api.NotFoundException | io.siyu.api.UnavailableException notIndexedYet) {
            // created on another node a moment ago, or the index is still being built
        }
        Customer360Json view = Customer360Json.of(c, consents, timeline, layer);
        if (c.id() == id) {
            return Response.ok(view).build();
        }
        return Response.ok(new AliasedCustomer360Json(view, id, c.id()))
                .header("Content-Location", uri.getBaseUriBuilder().path("customers").path(Long.toString(c.id())).build())
                .build();
    }

    /** The live profile read through an alias: the 360 body plus which id was asked for. */
    record AliasedCustomer360Json(@JsonUnwrapped Customer360Json customer, long requestedId, long mergedInto) {
    }

    /** Replaces the customer's content; send the {@code version} you read to refuse lost updates (409). */
    @PUT
    @Path("{id}")
    public CustomerJson update(@PathParam("id") long id, CustomerInput input, @Context SecurityContext security) {
        CustomerInput body = requireBody(input);
        return CustomerJson.of(services.customers().update(Callers.of(security), id, body.toDraft(), body.version()));
    }

    /** The customer's timeline, newest first. */
    @GET
    @Path("{id}/events")
    public PageJson<EventJson> timeline(@PathParam("id") long id, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("20") int limit, @Context SecurityContext security) {
        return PageJson.of(services.events().timeline(Callers.of(security), id, new PageRequest(offset, limit)),
                EventJson::of);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        services.customers().delete(Callers.of(security), id);
        return Response.noContent().build();
    }

    static <T> T requireBody(T body) {
        if (body == null) {
            throw new ValidationException(FieldError.of("body", "a JSON object is required"));
        }
        return body;
    }
}
