package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.edition.ComplianceRules;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.EditionRole;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.edition.PresetApplication;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Permission;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

/**
 * Active editions and what they declare; the operating model (read by anyone, switched by
 * administrators for every node), the installation's parameter values, and applying segment
 * presets and SOP templates, which creates a segment or an SOP once (201) and later finds it (200).
 */
@Path("editions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class EditionResource {
    private final ServiceAccess services;

    EditionResource(ServiceAccess services) {
        this.services = services;
    }

    record ModelJson(String id, String name, String description) {
        static ModelJson of(OperatingModel m) {
            return m == null ? null : new ModelJson(m.id(), m.name(), m.description());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EditionJson(String id, String name, String description, String version, long bundleId, ModelJson operatingModel) {
    }

    record GrantJson(List<String> permissions, String scope) {
        static GrantJson of(EditionRole.Grant g) {
            return new GrantJson(g.permissions().stream().map(Permission::name).sorted().toList(),
                    g.scope().name().toLowerCase(Locale.ROOT));
        }
    }

    /** A role as it applies now, and what it grants under each model. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record RoleJson(String id, String name, String description, List<String> permissions, String scope,
            Map<String, GrantJson> byModel) {
        static RoleJson of(EditionRole r, String model, List<OperatingModel> models) {
            io.siyu.api.org.Role now = r.under(model);
            Map<String, GrantJson> byModel = new LinkedHashMap<>();
            for (OperatingModel m : models) {
                io.siyu.api.org.Role under = r.under(m.id());
                byModel.put(m.id(), new GrantJson(under.permissions().stream().map(Permission::name).sorted().toList(),
                        under.scope().name().toLowerCase(Locale.ROOT)));
            }
            return new RoleJson(r.id(), r.name(), r.description(), now.permissions().stream().map(Permission::name)
                    .sorted().toList(), now.scope().name().toLowerCase(Locale.ROOT), byModel);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ParameterJson(String name, String label, String type, Object defaultValue, Object value, String description) {
    }

    record ContentJson(List<ModelJson> operatingModels, String defaultOperatingModel,
            List<EditionContent.UnitKind> unitKinds, List<EditionContent.Position> positions, List<RoleJson> roles,
            List<EditionContent.TagGroup> tagGroups, List<ParameterJson> parameters,
            List<EditionContent.SegmentPreset> segmentPresets, List<EditionContent.SopTemplate> sopTemplates,
            List<EditionContent.Dashboard> dashboards, ComplianceRules compliance, Map<String, EditionContent.Term> terminology) {
    }

    record EditionDetailJson(EditionJson edition, ContentJson content) {
    }

    record ModelInput(String model) {
    }

    record ApplyInput(Map<String, Object> parameters) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AppliedJson(String editionId, String presetId, long id, boolean created, Object segment, Object sop) {
    }

    private EditionRegistry registry() {
        return services.editions();
    }

    private EditionJson json(EditionDescriptor d) {
        return new EditionJson(d.id(), d.name(), d.description(), d.version(), d.bundleId(),
                ModelJson.of(registry().operatingModel(d.id()).orElse(null)));
    }

    private EditionDescriptor descriptor(String id) {
        return registry().find(id).orElseThrow(() -> new NotFoundException("edition", id));
    }

    @GET
    public List<EditionJson> list() {
        return registry().editions().stream().map(this::json).toList();
    }

    @GET
    @Path("{id}")
    public EditionDetailJson get(@PathParam("id") String id) {
        EditionDescriptor d = descriptor(id);
        EditionContent c = registry().content(id).orElseThrow(() -> new NotFoundException("edition", id));
        String model = registry().operatingModel(id).map(OperatingModel::id).orElse(null);
        Map<String, Object> values = services.editionPresetsOrNull() == null ? Map.of()
                : services.editionPresetsOrNull().parameters(id);
        List<ParameterJson> parameters = c.parameters().stream().map(p -> new ParameterJson(p.name(), p.label(),
                p.type().name().toLowerCase(Locale.ROOT), plain(p.defaultValue()), plain(values.get(p.name())),
                p.description())).toList();
        ContentJson content = new ContentJson(c.operatingModels().stream().map(ModelJson::of).toList(),
                c.defaultOperatingModel(), c.unitKinds(), c.positions(),
                c.roles().stream().map(r -> RoleJson.of(r, model, c.operatingModels())).toList(), c.tagGroups(),
                parameters, c.segmentPresets(), c.sopTemplates(), c.dashboards(), c.compliance(),
                new TreeMap<>(c.terminology()));
        return new EditionDetailJson(json(d), content);
    }

    @GET
    @Path("{id}/operating-model")
    public ModelJson operatingModel(@PathParam("id") String id) {
        descriptor(id);
        return ModelJson.of(registry().operatingModel(id).orElseThrow(() ->
                new NotFoundException("operating model of edition", id)));
    }

    @PUT
    @Path("{id}/operating-model")
    public Response switchModel(@PathParam("id") String id, ModelInput input, @Context SecurityContext security) {
        Response denied = BackupResource.refuseNonAdmin(security, "to switch an edition's operating model");
        if (denied != null) {
            return denied;
        }
        ModelInput in = CustomerResource.requireBody(input);
        if (in.model() == null || in.model().isBlank()) {
            throw new ValidationException(FieldError.of("model", "is required: the id of an operating model"));
        }
        return Response.ok(ModelJson.of(registry().switchOperatingModel(Callers.of(security), id, in.model()))).build();
    }

    @GET
    @Path("{id}/parameters")
    public Map<String, Object> parameters(@PathParam("id") String id) {
        return plain(services.editionPresets().parameters(id));
    }

    /** Stores the installation's values; absent names keep theirs. */
    @PUT
    @Path("{id}/parameters")
    public Response setParameters(@PathParam("id") String id, Map<String, Object> values, @Context SecurityContext security) {
        Response denied = BackupResource.refuseNonAdmin(security, "to change an edition's parameters");
        if (denied != null) {
            return denied;
        }
        return Response.ok(plain(services.editionPresets().setParameters(Callers.of(security), id,
                CustomerResource.requireBody(values)))).build();
    }

    @POST
    @Path("{id}/segment-presets/{preset}/apply")
    public Response applySegmentPreset(@PathParam("id") String id, @PathParam("preset") String preset, ApplyInput input,
            @Context UriInfo uri, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        PresetApplication a = services.editionPresets().applySegmentPreset(caller, id, preset,
                input == null ? null : input.parameters());
        var d = services.segments().get(caller, a.id());
        AppliedJson body = new AppliedJson(a.editionId(), a.presetId(), a.id(), a.created(),
                SegmentResource.SegmentJson.of(d, services.segments().count(caller, d.condition())), null);
        return applied(a, body, uri.getBaseUriBuilder().path("segments").path(Long.toString(a.id())).build());
    }

    @POST
    @Path("{id}/sop-templates/{template}/apply")
    public Response applySopTemplate(@PathParam("id") String id, @PathParam("template") String template,
            ApplyInput input, @Context UriInfo uri, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        PresetApplication a = services.editionPresets().applySopTemplate(caller, id, template,
                input == null ? null : input.parameters());
        AppliedJson body = new AppliedJson(a.editionId(), a.presetId(), a.id(), a.created(), null,
                SopResources.json(services.sops().get(caller, a.id())));
        return applied(a, body, uri.getBaseUriBuilder().path("sops").path(Long.toString(a.id())).build());
    }

    private static Response applied(PresetApplication a, AppliedJson body, java.net.URI location) {
        return (a.created() ? Response.created(location) : Response.ok().location(location)).entity(body).build();
    }

    /** Decimals as JSON numbers without exponent (6000000, not 6E+6). */
    private static Object plain(Object v) {
        return v instanceof BigDecimal d ? new BigDecimal(d.toPlainString()) : v;
    }

    private static Map<String, Object> plain(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }
}
