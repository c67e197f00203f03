package io.siyu.core.internal.edition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionRole;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad input in each SIYU-INF file: the entry is reported with file and path and skipped; the rest loads. */
class EditionFilesTest {
    private static void assertProblem(List<String> problems, String file, String path, String words) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(file + " " + path) && p.contains(words)),
                "no problem '" + file + " " + path + " … " + words + "' in " + problems);
    }

    @Test
    void aFileThatIsNotJsonIsIgnoredAndTheOtherFilesStillCount() {
        Editions.Read r = Editions.of("x", Map.of("SIYU-INF/roles.json", "{\"roles\": [",
                "SIYU-INF/tags.json", "{\"groups\": [{\"name\": \"层级\", \"tags\": [\"核心用户\"]}]}",
                "SIYU-INF/attributes.json", "{\"not\": \"an array\"}"));
        assertProblem(r.problems(), "SIYU-INF/roles.json", "(top level)", "is not valid JSON");
        assertProblem(r.problems(), "SIYU-INF/attributes.json", "(top level)", "not a JSON array");
        assertEquals(List.of(), r.loaded().content().roles());
        assertEquals(List.of(), r.loaded().attributes());
        assertEquals(1, r.loaded().content().tagGroups().size());
    }

    @Test
    void anEditionWithoutResourcesDeclaresNothing() {
        Editions.Read r = Editions.of("bare", Map.of());
        assertEquals(List.of(), r.problems());
        assertEquals(EditionContent.empty("bare"), r.loaded().content());
    }

    @Test
    void rolesWithAnUnreadableScopeAreSkippedAndBadPermissionsLeftOut() {
        Editions.Read r = Editions.of("x", Map.of("SIYU-INF/roles.json", """
                {"operatingModels": {"default": "nope", "models": [{"id": "a"}, {"id": "b"}, {"id": "a"}, {"id": "Bad Id"}]},
                 "roles": [
                   {"id": "ok", "permissions": ["customer.read", "Not A Permission", 7], "scope": "own",
                    "models": {"b": {"scope": "ALL", "permissions": ["customer.export"]}, "z": {"scope": "ALL"}}},
                   {"id": "wide", "permissions": ["customer.read"], "scope": "EVERYTHING"},
                   {"id": "noscope", "permissions": ["customer.read"], "models": {"a": {"scope": "ALL"}}},
                   {"id": "perModel", "permissions": ["customer.read"]},
                   {"id": "per-model", "models": {"a": {"scope": "ALL"}, "b": {"scope": "own"}}},
                   {"id": "ok", "scope": "ALL"},
                   {"name": "no id", "scope": "ALL"},
                   "not an object"]}
                """));
        List<String> p = r.problems();
        String file = "SIYU-INF/roles.json";
        assertProblem(p, file, "operatingModels.models[2].id", "declared twice");
        assertProblem(p, file, "operatingModels.models[3].id", "is not an id");
        assertProblem(p, file, "operatingModels.default", "the first model, a, is the default");
        assertProblem(p, file, "roles[0].permissions[1]", "is not a permission name");
        assertProblem(p, file, "roles[0].permissions[2]", "must be a permission name");
        assertProblem(p, file, "roles[0].models.z", "not one of the operating models");
        assertProblem(p, file, "roles[1].scope", "'EVERYTHING' is not one of");
        assertProblem(p, file, "roles[2].scope", "unless every operating model gives one");
        assertProblem(p, file, "roles[3].id", "is not an id");
        assertProblem(p, file, "roles[5].id", "declared twice");
        assertProblem(p, file, "roles[6].id", "is required");
        assertProblem(p, file, "roles[7]", "must be an object");
        EditionContent c = r.loaded().content();
        assertEquals("a", c.defaultOperatingModel());
        assertEquals(List.of("ok", "per-model"), c.roles().stream().map(EditionRole::id).toList());
        EditionRole ok = c.roles().get(0);
        assertEquals(Set.of(Permission.CUSTOMER_READ), ok.under("a").permissions());
        assertEquals(DataScope.OWN, ok.under("a").scope());
        assertEquals(Set.of(Permission.CUSTOMER_EXPORT), ok.under("b").permissions());
        assertEquals(DataScope.ALL, ok.under("b").scope());
        assertEquals(DataScope.ALL, c.roles().get(1).under("a").scope());
        assertEquals(DataScope.OWN, c.roles().get(1).under("b").scope());
    }

    @Test
    void orgKindsNeedDeclaredParentsAndPositionsLoseRolesTheEditionDoesNotHave() {
        Editions.Read r = Editions.of("x", Map.of(
                "SIYU-INF/roles.json", "{\"roles\": [{\"id\": \"manager\", \"scope\": \"UNIT_SUBTREE\"}]}",
                "SIYU-INF/org.json", """
                {"unitKinds": [{"id": "hq"}, {"id": "branch", "parents": ["hq"]}, {"id": "desk", "parents": ["nowhere"]},
                               {"id": "hq"}],
                 "positions": [{"id": "boss", "unitKinds": ["branch"], "roles": ["manager", "emperor"]},
                               {"id": "clerk", "unitKinds": ["desk"]}],
                 "colour": "blue"}
                """));
        List<String> p = r.problems();
        assertProblem(p, "SIYU-INF/org.json", "unitKinds[2].parents", "[nowhere]");
        assertProblem(p, "SIYU-INF/org.json", "unitKinds[3].id", "declared twice");
        assertProblem(p, "SIYU-INF/org.json", "positions[1].unitKinds", "[desk]");
        assertProblem(p, "SIYU-INF/org.json", "positions (boss).roles", "[emperor]");
        assertProblem(p, "SIYU-INF/org.json", "colour", "is not a known field");
        EditionContent c = r.loaded().content();
        assertEquals(List.of("hq", "branch"), c.unitKinds().stream().map(EditionContent.UnitKind::id).toList());
        assertEquals(List.of(new EditionContent.Position("boss", null, List.of("branch"), List.of("manager"))), c.positions());
    }

    @Test
    void tagNamesWithASlashAreSkipped() {
        Editions.Read r = Editions.of("x", Map.of("SIYU-INF/tags.json", """
                {"groups": [{"name": "a/b", "tags": ["x"]}, {"name": "层级", "order": "first", "tags": ["核心用户", "VIP/SVIP", ""]}]}
                """));
        assertProblem(r.problems(), "SIYU-INF/tags.json", "groups[0].name", "no '/'");
        assertProblem(r.problems(), "SIYU-INF/tags.json", "groups[1].order", "whole number");
        assertProblem(r.problems(), "SIYU-INF/tags.json", "groups[1].tags[1]", "no '/'");
        assertProblem(r.problems(), "SIYU-INF/tags.json", "groups[1].tags[2]", "non-empty text");
        assertEquals(List.of(new EditionContent.TagGroup("层级", 0, List.of("核心用户"))), r.loaded().content().tagGroups());
    }

    @Test
    void presetsAreCheckedAsTheyWouldBeAppliedAndBadOnesSkippedWithTheirPath() {
        Editions.Read r = Editions.of("x", Map.of("SIYU-INF/segments.json", """
                {"parameters": [{"name": "min", "type": "number", "default": 100},
                                {"name": "days", "type": "integer", "default": "soon"},
                                {"name": "odd", "type": "colour"}],
                 "presets": [
                   {"id": "rich", "name": "Rich", "condition": {"type": "attribute", "attribute": "aum", "operator": "GE",
                                                                 "values": ["${min}"]}},
                   {"id": "undeclared", "name": "U", "condition": {"type": "attribute", "attribute": "aum", "operator": "GE",
                                                                   "values": ["${max}"]}},
                   {"id": "broken", "name": "B", "condition": {"type": "or", "conditions": [
                      {"type": "tags", "match": "SOME", "tagIds": [{"tag": "层级/核心用户"}]},
                      {"type": "eventCount", "eventType": "order", "lastDays": 0}]}},
                   {"id": "badtag", "name": "T", "condition": {"type": "tags", "match": "ANY", "tagIds": [{"tag": "no-group"}]}},
                   {"id": "refers", "name": "R", "condition": {"type": "inSegment", "segmentId": {"segmentPreset": "rich"}}},
                   {"id": "nocondition", "name": "N"}]}
                """));
        String file = "SIYU-INF/segments.json";
        List<String> p = r.problems();
        assertProblem(p, file, "parameters[1].default", "does not fit type integer");
        assertProblem(p, file, "parameters[2].type", "'colour'");
        assertProblem(p, file, "presets[1].condition", "${max}");
        assertProblem(p, file, "presets[2].condition.conditions[0].match", "");
        assertProblem(p, file, "presets[2].condition.conditions[1].lastDays", "");
        assertProblem(p, file, "presets[3].condition", "group/name");
        assertProblem(p, file, "presets[4].condition", "may not refer to each other");
        assertProblem(p, file, "presets[5].condition", "is required");
        EditionContent c = r.loaded().content();
        assertEquals(List.of("rich"), c.segmentPresets().stream().map(EditionContent.SegmentPreset::id).toList());
        assertEquals(List.of("min"), c.parameters().stream().map(EditionContent.Parameter::name).toList());
    }

    @Test
    void templatesAreCheckedWithTheSopCodecAndMayOnlyNameTheEditionsPresets() {
        Editions.Read r = Editions.of("x", Map.of(
                "SIYU-INF/segments.json", """
                {"presets": [{"id": "due", "name": "Due", "condition": {"type": "layer", "layer": "CORE"}}]}
                """,
                "SIYU-INF/sops.json", """
                {"parameters": [{"name": "channel", "type": "channel"}],
                 "templates": [
                   {"id": "ok", "name": "OK", "facets": {"brandStage": "weak", "n": 3},
                    "trigger": {"type": "segmentEntered", "segmentId": {"segmentPreset": "due"}},
                    "steps": [{"id": "m", "type": "perform", "action": {"type": "sendMessage", "channel": "${channel}",
                               "kind": "direct", "scenario": "important_reminder", "text": "hi {name}"}}]},
                   {"id": "ghost", "name": "G", "trigger": {"type": "segmentEntered", "segmentId": {"segmentPreset": "gone"}},
                    "steps": [{"id": "w", "type": "wait", "duration": "PT1H"}]},
                   {"id": "slow", "name": "S", "trigger": {"type": "event", "eventType": "order"},
                    "steps": [{"id": "w", "type": "wait", "duration": "soon"}]}]}
                """));
        String file = "SIYU-INF/sops.json";
        List<String> p = r.problems();
        assertProblem(p, file, "templates[0].facets.n", "must be a text");
        assertProblem(p, file, "templates[1]", "'gone'");
        assertProblem(p, file, "templates[2].steps[0].duration", "");
        EditionContent c = r.loaded().content();
        assertEquals(List.of("ok"), c.sopTemplates().stream().map(EditionContent.SopTemplate::id).toList());
        assertEquals(Map.of("brandStage", "weak"), c.sopTemplates().get(0).facets());
    }

    @Test
    void dashboardsComplianceAndTerminologySkipWhatTheyCannotUse() {
        Editions.Read r = Editions.of("x", Map.of(
                "SIYU-INF/dashboards.json", """
                {"dashboards": [{"id": "d", "widgets": [
                    {"id": "pie", "type": "pie"},
                    {"id": "f", "type": "funnel", "attribute": "stage", "stages": ["new"]},
                    {"id": "t", "type": "trend", "eventType": "order", "period": "year"},
                    {"id": "l", "type": "leaderboard", "by": "orgUnit", "metrics": ["newCustomers"]}]},
                  {"id": "empty", "widgets": [{"id": "c", "type": "count"}]}]}
                """,
                "SIYU-INF/compliance.json", """
                {"sensitiveWords": ["保本", ""], "riskDisclosures": [
                    {"id": "loose", "phrase": "投资须谨慎"},
                    {"id": "wealth", "whenTags": ["理财"], "whenMentions": ["理财"], "phrase": "理财非存款"}]}
                """,
                "SIYU-INF/terminology.json", """
                {"Account Manager": {"zh": "客户经理"}, "branch": {}, "aum": {"zh": "金融资产", "en": "AUM"}}
                """));
        List<String> p = r.problems();
        assertProblem(p, "SIYU-INF/dashboards.json", "dashboards[0].widgets[0].type", "'pie'");
        assertProblem(p, "SIYU-INF/dashboards.json", "dashboards[0].widgets[1].stages", "at least two");
        assertProblem(p, "SIYU-INF/dashboards.json", "dashboards[0].widgets[2].period", "'year'");
        assertProblem(p, "SIYU-INF/dashboards.json", "dashboards[1].widgets", "the dashboard is skipped");
        assertProblem(p, "SIYU-INF/compliance.json", "sensitiveWords[1]", "non-empty");
        assertProblem(p, "SIYU-INF/compliance.json", "riskDisclosures[0]", "applies to nothing");
        assertProblem(p, "SIYU-INF/compliance.json", "riskDisclosures[1].whenTags[0]", "group/name");
        assertProblem(p, "SIYU-INF/terminology.json", "Account Manager", "is not a term id");
        assertProblem(p, "SIYU-INF/terminology.json", "branch", "neither");
        EditionContent c = r.loaded().content();
        assertEquals(1, c.dashboards().size());
        assertEquals(List.of("l"), c.dashboards().get(0).widgets().stream().map(EditionContent.Widget::id).toList());
        assertEquals(Map.of("by", "orgUnit", "metrics", List.of("newCustomers")), c.dashboards().get(0).widgets().get(0).spec());
        assertEquals(List.of("保本"), c.compliance().sensitiveWords());
        assertEquals(1, c.compliance().riskDisclosures().size());
        assertFalse(c.compliance().riskDisclosures().get(0).appliesTo("存款利率", Set.of()));
        assertEquals(Map.of("aum", new EditionContent.Term("金融资产", "AUM")), c.terminology());
    }
}
