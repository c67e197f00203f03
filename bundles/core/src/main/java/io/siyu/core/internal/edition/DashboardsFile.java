package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.edition.EditionContent.Dashboard;
import io.siyu.api.edition.EditionContent.Widget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SIYU-INF/dashboards.json}: dashboards for consoles to draw, each a list of widgets.
 * <pre>
 * {"dashboards": [{"id": "store-board", "name": "门店排行", "widgets": [
 *    {"id": "leaders", "title": "门店排行榜", "type": "leaderboard", "by": "orgUnit",
 *     "metrics": ["newCustomers", "activeCustomers", "repurchases"]}]}]}
 * </pre>
 * Widget types and what they need: {@code count} ({@code segmentPreset} or {@code condition}),
 * {@code breakdown} ({@code attribute} or {@code tagGroup}), {@code funnel} ({@code attribute},
 * {@code stages}, optional {@code by}), {@code leaderboard} ({@code by}, {@code metrics}) and
 * {@code trend} ({@code eventType}, {@code period} day|week|month, optional {@code days}).
 */
final class DashboardsFile {
    static final String RESOURCE = "SIYU-INF/dashboards.json";
    static final List<String> TYPES = List.of("count", "breakdown", "funnel", "leaderboard", "trend");

    private DashboardsFile() {
    }

    static List<Dashboard> read(JsonNode root, Problems problems) {
        List<Dashboard> out = new ArrayList<>();
        if (!Json.object(root, "", problems)) {
            return out;
        }
        Json.onlyFields(root, "", problems, Set.of("dashboards"));
        JsonNode list = Json.array(root, "dashboards", "", problems, true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "dashboards[" + i + "]";
            JsonNode d = list.get(i);
            if (!Json.object(d, path, problems)) {
                continue;
            }
            Json.onlyFields(d, path, problems, Set.of("id", "name", "description", "widgets"));
            String id = Json.id(d, "id", path, problems);
            if (id == null) {
                continue;
            }
            if (!seen.add(id)) {
                problems.report(path + ".id", "'" + id + "' is declared twice; the first one counts");
                continue;
            }
            List<Widget> widgets = new ArrayList<>();
            JsonNode ws = Json.array(d, "widgets", path, problems, true);
            Set<String> widgetIds = new HashSet<>();
            for (int w = 0; ws != null && w < ws.size(); w++) {
                Widget widget = widget(ws.get(w), path + ".widgets[" + w + "]", problems);
                if (widget != null && widgetIds.add(widget.id())) {
                    widgets.add(widget);
                } else if (widget != null) {
                    problems.report(path + ".widgets[" + w + "].id", "'" + widget.id() + "' is declared twice; skipped");
                }
            }
            if (widgets.isEmpty()) {
                problems.report(path + ".widgets", "has no valid widget; the dashboard is skipped");
                continue;
            }
            out.add(new Dashboard(id, Json.text(d, "name", path, problems, false),
                    Json.text(d, "description", path, problems, false), widgets));
        }
        return out;
    }

    private static Widget widget(JsonNode w, String path, Problems problems) {
        if (!Json.object(w, path, problems)) {
            return null;
        }
        String id = Json.id(w, "id", path, problems);
        String type = Json.text(w, "type", path, problems, true);
        if (id == null || type == null) {
            return null;
        }
        if (!TYPES.contains(type)) {
            problems.report(path + ".type", "'" + type + "' is not one of " + TYPES + "; the widget is skipped");
            return null;
        }
        int before = problems.count();
        switch (type) {
            case "count" -> {
                if (!w.hasNonNull("segmentPreset") && !w.hasNonNull("condition")) {
                    problems.report(path, "a count needs segmentPreset or condition");
                }
                if (w.hasNonNull("segmentPreset")) {
                    Json.text(w, "segmentPreset", path, problems, true);
                }
                if (w.hasNonNull("condition")) {
                    Json.object(w.get("condition"), path + ".condition", problems);
                }
            }
            case "breakdown" -> {
                if (!w.hasNonNull("attribute") && !w.hasNonNull("tagGroup")) {
                    problems.report(path, "a breakdown needs attribute or tagGroup");
                }
                Json.text(w, "attribute", path, problems, false);
                Json.text(w, "tagGroup", path, problems, false);
            }
            case "funnel" -> {
                Json.text(w, "attribute", path, problems, true);
                Json.text(w, "by", path, problems, false);
                if (Json.texts(w, "stages", path, problems).size() < 2) {
                    problems.report(path + ".stages", "a funnel needs at least two stages");
                }
            }
            case "leaderboard" -> {
                Json.text(w, "by", path, problems, true);
                if (Json.texts(w, "metrics", path, problems).isEmpty()) {
                    problems.report(path + ".metrics", "a leaderboard needs at least one metric");
                }
            }
            default -> { // trend
                Json.text(w, "eventType", path, problems, true);
                String period = Json.text(w, "period", path, problems, true);
                if (period != null && !List.of("day", "week", "month").contains(period)) {
                    problems.report(path + ".period", "'" + period + "' is not day, week or month");
                }
                JsonNode days = w.get("days");
                if (days != null && !(days.isIntegralNumber() && days.intValue() >= 1 && days.intValue() <= 3660)) {
                    problems.report(path + ".days", "must be a whole number of days from 1 to 3660");
                }
            }
        }
        if (problems.count() > before) {
            problems.report(path, "the widget is skipped");
            return null;
        }
        Map<String, Object> spec = new LinkedHashMap<>(Json.plain(w));
        spec.remove("id");
        spec.remove("title");
        spec.remove("type");
        return new Widget(id, Json.text(w, "title", path, problems, false), type, spec);
    }
}
