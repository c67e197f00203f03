package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.org.Caller;
import io.siyu.api.sop.SopCodec;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopDraft;
import io.siyu.api.sop.SopInstance;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopStepRun;
import io.siyu.rest.internal.Dto.PageJson;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.ws.rs.Consumes;
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
 * SOPs: definitions (JSON as in docs/sop.md, see {@link SopCodec}), their versions and states, their
 * instances, a customer's SOP history, and pausing, resuming and stopping single instances.
 */
final class SopResources {
    private SopResources() {
    }

    static List<Object> all(ServiceAccess services) {
        return List.of(new Sops(services), new Instances(services), new CustomerSops(services));
    }

    /** A definition as JSON: the codec's form plus id, version and state. */
    static Map<String, Object> json(SopDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("version", d.version());
        m.put("state", d.state().name().toLowerCase(Locale.ROOT));
        m.putAll(SopCodec.toTree(new SopDraft(d.name(), d.trigger(), d.steps())));
        return m;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceJson(long id, long sopId, int sopVersion, Long customerId, String state, String stepId,
            String wakeAt, String startedAt, String updatedAt, String error, List<StepRunJson> steps) {
        static InstanceJson of(SopInstance i, List<SopStepRun> runs) {
            return new InstanceJson(i.id(), i.sopId(), i.sopVersion(), i.customerId(),
                    i.state().name().toLowerCase(Locale.ROOT), i.stepId(), i.wakeAt() == null ? null : i.wakeAt().toString(),
                    i.startedAt().toString(), i.updatedAt().toString(), i.error(),
                    runs == null ? null : runs.stream().map(StepRunJson::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepRunJson(String stepId, String outcome, String detail, int attempts, String startedAt, String finishedAt) {
        static StepRunJson of(SopStepRun r) {
            return new StepRunJson(r.stepId(), r.outcome().name().toLowerCase(Locale.ROOT), r.detail(), r.attempts(),
                    r.startedAt().toString(), r.finishedAt() == null ? null : r.finishedAt().toString());
        }
    }

    static SopInstanceState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return SopInstanceState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of("state", "'" + state + "' is not one of "
                    + EnumSet.allOf(SopInstanceState.class).toString().toLowerCase(Locale.ROOT)));
        }
    }

    @Path("sops")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static final class Sops {
        private final ServiceAccess services;

        Sops(ServiceAccess services) {
            this.services = services;
        }

        @GET
        public List<Map<String, Object>> list(@Context SecurityContext security) {
            return services.sops().list(Callers.of(security)).stream().map(SopResources::json).toList();
        }

        /** A new SOP, version 1, in draft. */
        @POST
        public Response define(Map<String, Object> body, @Context UriInfo uri, @Context SecurityContext security) {
            SopDefinition d = services.sops().define(Callers.of(security), SopCodec.fromTree(CustomerResource.requireBody(body)));
            return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(d.id())).build()).entity(json(d))
                    .build();
        }

        @GET
        @Path("{id}")
        public Map<String, Object> get(@PathParam("id") long id, @Context SecurityContext security) {
            return json(services.sops().get(Callers.of(security), id));
        }

        @GET
        @Path("{id}/versions/{version}")
        public Map<String, Object> version(@PathParam("id") long id, @PathParam("version") int version,
                @Context SecurityContext security) {
            return json(services.sops().get(Callers.of(security), id, version));
        }

        /** Revises: the body becomes the next version; running instances finish on theirs. */
        @PUT
        @Path("{id}")
        public Map<String, Object> revise(@PathParam("id") long id, Map<String, Object> body,
                @Context SecurityContext security) {
            return json(services.sops().revise(Callers.of(security), id, SopCodec.fromTree(CustomerResource.requireBody(body))));
        }

        @POST
        @Path("{id}/activate")
        public Map<String, Object> activate(@PathParam("id") long id, @Context SecurityContext security) {
            return json(services.sops().activate(Callers.of(security), id));
        }

        @POST
        @Path("{id}/pause")
        public Map<String, Object> pause(@PathParam("id") long id, @Context SecurityContext security) {
            return json(services.sops().pause(Callers.of(security), id));
        }

        @POST
        @Path("{id}/stop")
        public Map<String, Object> stop(@PathParam("id") long id, @Context SecurityContext security) {
            return json(services.sops().stop(Callers.of(security), id));
        }

        @GET
        @Path("{id}/instances")
        public PageJson<InstanceJson> instances(@PathParam("id") long id, @QueryParam("state") String state,
                @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("20") int limit,
                @Context SecurityContext security) {
            return PageJson.of(services.sops().instances(Callers.of(security), id, state(state),
                    new PageRequest(offset, limit)), i -> InstanceJson.of(i, null));
        }
    }

    @Path("instances")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Instances {
        private final ServiceAccess services;

        Instances(ServiceAccess services) {
            this.services = services;
        }

        /** The instance with what each of its steps did. */
        @GET
        @Path("{id}")
        public InstanceJson get(@PathParam("id") long id, @Context SecurityContext security) {
            Caller caller = Callers.of(security);
            return InstanceJson.of(services.sops().instance(caller, id), services.sops().steps(caller, id));
        }

        @POST
        @Path("{id}/pause")
        public InstanceJson pause(@PathParam("id") long id, @Context SecurityContext security) {
            return InstanceJson.of(services.sops().pauseInstance(Callers.of(security), id), null);
        }

        @POST
        @Path("{id}/resume")
        public InstanceJson resume(@PathParam("id") long id, @Context SecurityContext security) {
            return InstanceJson.of(services.sops().resumeInstance(Callers.of(security), id), null);
        }

        @POST
        @Path("{id}/stop")
        public InstanceJson stop(@PathParam("id") long id, @Context SecurityContext security) {
            return InstanceJson.of(services.sops().stopInstance(Callers.of(security), id), null);
        }
    }

    /** A customer's SOP history, newest first. */
    @Path("customers/{id}/sops")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class CustomerSops {
        private final ServiceAccess services;

        CustomerSops(ServiceAccess services) {
            this.services = services;
        }

        @GET
        public PageJson<InstanceJson> history(@PathParam("id") long id, @QueryParam("offset") @DefaultValue("0") int offset,
                @QueryParam("limit") @DefaultValue("20") int limit, @Context SecurityContext security) {
            return PageJson.of(services.sops().history(Callers.of(security), id, new PageRequest(offset, limit)),
                    i -> InstanceJson.of(i, null));
        }
    }
}
