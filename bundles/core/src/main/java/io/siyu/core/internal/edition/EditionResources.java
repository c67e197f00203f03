package io.siyu.core.internal.edition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.edition.ComplianceRules;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionContent.Parameter;
import io.siyu.api.edition.EditionContent.Position;
import io.siyu.api.edition.EditionContent.SegmentPreset;
import io.siyu.api.edition.EditionContent.SopTemplate;
import io.siyu.api.edition.EditionRole;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads everything an edition declares under {@code SIYU-INF/}. Each file is optional; a file that
 * is not JSON counts as absent, and a bad entry is reported (file and path) and skipped, so an
 * edition with a typo still starts with everything else it declares.
 */
public final class EditionResources {
    /** Opens a resource of the edition's bundle; null if the bundle has none by that name. */
    @FunctionalInterface
    public interface Source {
        InputStream open(String name) throws IOException;
    }

    /** What one edition declares. */
    public record Loaded(EditionContent content, List<AttributeDefinition> attributes,
            List<io.siyu.core.internal.AttributeFeed> feeds) {
    }

    private EditionResources() {
    }

    /** @param problems receives one line per problem, naming the file and the path into it */
    public static Loaded load(String editionId, Source source, Consumer<String> problems) {
        Problems p = new Problems("", problems);
        List<io.siyu.core.internal.AttributeFeed> feeds = new java.util.ArrayList<>();
        List<AttributeDefinition> attributes = attributes(editionId, source, p, feeds);

        Problems rolesProblems = p.forFile(RolesFile.RESOURCE);
        JsonNode rolesJson = read(source, RolesFile.RESOURCE, rolesProblems);
        RolesFile.Declared roles = rolesJson == null ? RolesFile.Declared.NONE : RolesFile.read(rolesJson, rolesProblems);

        Problems orgProblems = p.forFile(OrgFile.RESOURCE);
        JsonNode orgJson = read(source, OrgFile.RESOURCE, orgProblems);
        OrgFile.Declared org = orgJson == null ? OrgFile.Declared.NONE : OrgFile.read(orgJson, orgProblems);
        Set<String> roleIds = roles.roles().stream().map(EditionRole::id).collect(Collectors.toSet());
        List<Position> positions = new ArrayList<>();
        for (int i = 0; i < org.positions().size(); i++) {
            Position pos = org.positions().get(i);
            List<String> unknown = pos.roles().stream().filter(r -> !roleIds.contains(r)).toList();
            if (!unknown.isEmpty()) {
                orgProblems.report("positions (" + pos.id() + ").roles", unknown + " are not roles in "
                        + RolesFile.RESOURCE + "; left out");
                pos = new Position(pos.id(), pos.name(), pos.unitKinds(),
                        pos.roles().stream().filter(roleIds::contains).toList());
            }
            positions.add(pos);
        }

        Problems tagProblems = p.forFile(TagsFile.RESOURCE);
        JsonNode tagsJson = read(source, TagsFile.RESOURCE, tagProblems);
        List<EditionContent.TagGroup> tags = tagsJson == null ? List.of() : TagsFile.read(tagsJson, tagProblems);

        Problems segmentProblems = p.forFile(PresetsFile.SEGMENTS);
        JsonNode segmentsJson = read(source, PresetsFile.SEGMENTS, segmentProblems);
        PresetsFile.Declared<SegmentPreset> segments = segmentsJson == null ? new PresetsFile.Declared<>(List.of(), List.of())
                : PresetsFile.segments(segmentsJson, segmentProblems);
        Problems sopProblems = p.forFile(PresetsFile.SOPS);
        JsonNode sopsJson = read(source, PresetsFile.SOPS, sopProblems);
        PresetsFile.Declared<SopTemplate> sops = sopsJson == null ? new PresetsFile.Declared<>(List.of(), List.of())
                : PresetsFile.sops(sopsJson, sopProblems);
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        segments.parameters().forEach(at -> parameters.put(at.value().name(), at.value()));
        for (PresetsFile.At<Parameter> at : sops.parameters()) {
            Parameter earlier = parameters.putIfAbsent(at.value().name(), at.value());
            if (earlier != null && !earlier.equals(at.value())) {
                sopProblems.report(at.path(), "'" + earlier.name() + "' is declared differently in "
                        + PresetsFile.SEGMENTS + ", which counts");
            }
        }
        List<SegmentPreset> presets = PresetChecks.segmentPresets(segments.entries(), parameters, segmentProblems);
        List<SopTemplate> templates = PresetChecks.sopTemplates(sops.entries(), parameters,
                presets.stream().map(SegmentPreset::id).collect(Collectors.toSet()), sopProblems);

        Problems dashboardProblems = p.forFile(DashboardsFile.RESOURCE);
        JsonNode dashboardsJson = read(source, DashboardsFile.RESOURCE, dashboardProblems);
        List<EditionContent.Dashboard> dashboards = dashboardsJson == null ? List.of()
                : DashboardsFile.read(dashboardsJson, dashboardProblems);

        Problems complianceProblems = p.forFile(ComplianceFile.RESOURCE);
        JsonNode complianceJson = read(source, ComplianceFile.RESOURCE, complianceProblems);
        ComplianceRules compliance = complianceJson == null ? ComplianceRules.NONE
                : ComplianceFile.read(complianceJson, complianceProblems);

        Problems termProblems = p.forFile(TerminologyFile.RESOURCE);
        JsonNode termsJson = read(source, TerminologyFile.RESOURCE, termProblems);
        Map<String, EditionContent.Term> terms = termsJson == null ? Map.of() : TerminologyFile.read(termsJson, termProblems);

        EditionContent content = new EditionContent(editionId, roles.models(), roles.defaultModel(), org.unitKinds(),
                positions, roles.roles(), tags, List.copyOf(parameters.values()), presets, templates, dashboards,
                compliance, terms);
        return new Loaded(content, attributes, List.copyOf(feeds));
    }

    private static List<AttributeDefinition> attributes(String editionId, Source source, Problems p,
            List<io.siyu.core.internal.AttributeFeed> feeds) {
        Problems problems = p.forFile(EditionAttributesFile.RESOURCE);
        try (InputStream in = source.open(EditionAttributesFile.RESOURCE)) {
            if (in == null) {
                return List.of();
            }
            return EditionAttributesFile.read(in, editionId, problem -> problems.report("", problem
                    + "; that attribute is skipped"), feeds::add);
        } catch (IOException e) {
            problems.report("", "is not a JSON array of attribute definitions (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); the edition declares no attributes");
            return List.of();
        }
    }

    private static JsonNode read(Source source, String resource, Problems problems) {
        try (InputStream in = source.open(resource)) {
            return in == null ? null : Json.MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            problems.report("", "is not valid JSON (" + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + "); the file is ignored");
            return null;
        } catch (IOException e) {
            problems.report("", "could not be read (" + e.getMessage() + "); the file is ignored");
            return null;
        }
    }
}
