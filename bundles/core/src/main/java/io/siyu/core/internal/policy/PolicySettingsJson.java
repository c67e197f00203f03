package io.siyu.core.internal.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchScenario;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Policy settings as JSON, the form they are stored in and shown by REST and the console. Reading
 * is strict: every bad field is named, and a missing one keeps its default.
 */
public final class PolicySettingsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicySettingsJson() {
    }

    public static ObjectNode write(PolicySettings s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("brandZone", s.brandZone().getId());
        ObjectNode quiet = o.putObject("quietHours");
        quiet.put("from", s.quietFrom().toString());
        quiet.put("until", s.quietUntil().toString());
        ObjectNode cross = o.putObject("crossChannel");
        cross.put("perDay", s.crossChannelPerDay());
        cross.put("perWeek", s.crossChannelPerWeek());
        ObjectNode quotas = o.putObject("channelQuotas");
        s.channelQuotas().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode q = quotas.putObject(e.getKey());
            q.put("count", e.getValue().count());
            q.put("per", e.getValue().per().name().toLowerCase(Locale.ROOT));
            ArrayNode kinds = q.putArray("kinds");
            e.getValue().kinds().stream().sorted().forEach(k -> kinds.add(k.name().toLowerCase(Locale.ROOT)));
        });
        ArrayNode scenarios = o.putArray("allowedScenarios");
        s.allowedScenarios().stream().sorted().forEach(t -> scenarios.add(t.name().toLowerCase(Locale.ROOT)));
        o.put("complaintQuietDays", s.complaintQuietDays());
        ObjectNode m = o.putObject("moments");
        m.put("postsPerDay", s.moments().postsPerDay());
        m.put("personaPercentFirstPhase", s.moments().personaPercentFirstPhase());
        m.put("personaPercentAfter", s.moments().personaPercentAfter());
        if (s.moments().firstPhaseUntil() != null) {
            m.put("firstPhaseUntil", s.moments().firstPhaseUntil().toString());
        } else {
            m.putNull("firstPhaseUntil");
        }
        m.put("mode", s.moments().block() ? "block" : "warn");
        return o;
    }

    public static String text(PolicySettings s) {
        return write(s).toString();
    }

    public static PolicySettings parse(String json) {
        try {
            return read(JSON.readTree(json), PolicySettings.DEFAULTS);
        } catch (JsonProcessingException e) {
            throw new ValidationException(FieldError.of("body", "is not JSON: " + e.getOriginalMessage()));
        }
    }

    /** Reads {@code o} over {@code base}: absent fields keep base's values. */
    public static PolicySettings read(JsonNode o, PolicySettings base) {
        if (o == null || !o.isObject()) {
            throw new ValidationException(FieldError.of("body", "send the settings as a JSON object"));
        }
        List<FieldError> errors = new ArrayList<>();
        ZoneId zone = value(o, "brandZone", base.brandZone(), n -> ZoneId.of(n.asText()), "an IANA time zone such as Asia/Shanghai", errors);
        JsonNode quiet = o.path("quietHours");
        LocalTime from = value(quiet, "from", base.quietFrom(), n -> LocalTime.parse(n.asText()), "a time of day HH:MM", errors, "quietHours.");
        LocalTime until = value(quiet, "until", base.quietUntil(), n -> LocalTime.parse(n.asText()), "a time of day HH:MM", errors, "quietHours.");
        JsonNode cross = o.path("crossChannel");
        int perDay = value(cross, "perDay", base.crossChannelPerDay(), PolicySettingsJson::count, "a whole number ≥ 0 (0 = no cap)", errors, "crossChannel.");
        int perWeek = value(cross, "perWeek", base.crossChannelPerWeek(), PolicySettingsJson::count, "a whole number ≥ 0 (0 = no cap)", errors, "crossChannel.");
        Map<String, PolicySettings.Quota> quotas = base.channelQuotas();
        if (o.has("channelQuotas")) {
            quotas = new LinkedHashMap<>();
            JsonNode q = o.get("channelQuotas");
            if (!q.isObject()) {
                errors.add(FieldError.of("channelQuotas", "must be an object keyed by channel type or type/account"));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = q.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String field = "channelQuotas." + e.getKey();
                    try {
                        JsonNode v = e.getValue();
                        Set<MessageKind> kinds = EnumSet.noneOf(MessageKind.class);
                        v.path("kinds").forEach(k -> kinds.add(MessageKind.valueOf(k.asText().toUpperCase(Locale.ROOT))));
                        quotas.put(e.getKey(), new PolicySettings.Quota(v.path("count").asInt(0),
                                PolicySettings.Period.valueOf(v.path("per").asText("").toUpperCase(Locale.ROOT)), kinds));
                    } catch (IllegalArgumentException bad) {
                        errors.add(FieldError.of(field, "must be {\"count\": ≥ 1, \"per\": \"day|week|month\", \"kinds\": [\"mass\", …]}"));
                    }
                }
            }
        }
        Set<TouchScenario> scenarios = base.allowedScenarios();
        if (o.has("allowedScenarios")) {
            scenarios = EnumSet.noneOf(TouchScenario.class);
            for (JsonNode n : o.get("allowedScenarios")) {
                try {
                    scenarios.add(TouchScenario.valueOf(n.asText().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException bad) {
                    errors.add(FieldError.of("allowedScenarios", "'" + n.asText() + "' is not a scenario; one of "
                            + EnumSet.allOf(TouchScenario.class).toString().toLowerCase(Locale.ROOT)));
                }
            }
        }
        int quietDays = value(o, "complaintQuietDays", base.complaintQuietDays(), PolicySettingsJson::count, "a whole number of days ≥ 0", errors);
        PolicySettings.MomentRules m = base.moments();
        JsonNode mj = o.path("moments");
        int posts = value(mj, "postsPerDay", m.postsPerDay(), PolicySettingsJson::count, "a whole number ≥ 0", errors, "moments.");
        int first = value(mj, "personaPercentFirstPhase", m.personaPercentFirstPhase(), PolicySettingsJson::percent, "a percentage 0-100", errors, "moments.");
        int after = value(mj, "personaPercentAfter", m.personaPercentAfter(), PolicySettingsJson::percent, "a percentage 0-100", errors, "moments.");
        LocalDate phase = mj.has("firstPhaseUntil") && mj.get("firstPhaseUntil").isNull() ? null
                : value(mj, "firstPhaseUntil", m.firstPhaseUntil(), n -> LocalDate.parse(n.asText()), "a date YYYY-MM-DD or null", errors, "moments.");
        boolean block = value(mj, "mode", m.block(), n -> switch (n.asText()) {
            case "block" -> true;
            case "warn" -> false;
            default -> throw new IllegalArgumentException();
        }, "block or warn", errors, "moments.");
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new PolicySettings(zone, from, until, perDay, perWeek, quotas, scenarios, quietDays,
                new PolicySettings.MomentRules(posts, first, after, phase, block));
    }

    private static int count(JsonNode n) {
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
            throw new IllegalArgumentException();
        }
        return n.asInt();
    }

    private static int percent(JsonNode n) {
        int v = count(n);
        if (v > 100) {
            throw new IllegalArgumentException();
        }
        return v;
    }

    private static <T> T value(JsonNode o, String name, T fallback, Function<JsonNode, T> parse, String expected,
            List<FieldError> errors) {
        return value(o, name, fallback, parse, expected, errors, "");
    }

    private static <T> T value(JsonNode o, String name, T fallback, Function<JsonNode, T> parse, String expected,
            List<FieldError> errors, String prefix) {
        if (o == null || !o.has(name)) {
            return fallback;
        }
        try {
            return parse.apply(o.get(name));
        } catch (IllegalArgumentException | DateTimeException e) {
            errors.add(FieldError.of(prefix + name, "must be " + expected));
            return fallback;
        }
    }
}
