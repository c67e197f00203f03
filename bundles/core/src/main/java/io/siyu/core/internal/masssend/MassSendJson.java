package io.siyu.core.internal.masssend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSendPlan;
import io.siyu.core.internal.outbox.OutboundMessageJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stored forms of a mass send's definition and accepted plan. */
final class MassSendJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a mass send is, apart from its name, time and state. */
    record Definition(Audience audience, String channelType, String channelAccount, MessageKind kind,
            MessageContent content, Long followUpOf, boolean autoAccept) {
    }

    private MassSendJson() {
    }

    static String definition(Definition d) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode audience = o.putObject("audience");
        if (d.audience().segmentId() != null) {
            audience.put("segmentId", d.audience().segmentId());
        } else {
            ArrayNode ids = audience.putArray("customerIds");
            d.audience().customerIds().forEach(ids::add);
        }
        o.put("channelType", d.channelType());
        o.put("channelAccount", d.channelAccount());
        o.put("kind", d.kind().name());
        o.set("content", OutboundMessageJson.content(d.content()));
        if (d.followUpOf() != null) {
            o.put("followUpOf", d.followUpOf());
        }
        o.put("autoAccept", d.autoAccept());
        return o.toString();
    }

    static Definition definition(String json) {
        JsonNode o = tree(json);
        JsonNode a = o.get("audience");
        Audience audience;
        if (a.has("segmentId")) {
            audience = Audience.segment(a.get("segmentId").asLong());
        } else {
            List<Long> ids = new ArrayList<>();
            a.get("customerIds").forEach(n -> ids.add(n.asLong()));
            audience = Audience.customers(ids);
        }
        return new Definition(audience, o.get("channelType").asText(), o.get("channelAccount").asText(),
                MessageKind.valueOf(o.get("kind").asText()), OutboundMessageJson.content(o.get("content")),
                o.hasNonNull("followUpOf") ? o.get("followUpOf").asLong() : null, o.path("autoAccept").asBoolean(false));
    }

    static String plan(MassSendPlan p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", p.at().toString());
        o.put("audience", p.audience());
        o.put("eligible", p.eligible());
        ArrayNode blocked = o.putArray("blocked");
        for (MassSendPlan.Blocked b : p.blocked()) {
            ObjectNode n = blocked.addObject();
            n.put("rule", b.ruleId());
            n.put("reason", b.reason());
            n.put("count", b.count());
            n.put("allowedFrom", b.allowedFrom() == null ? null : b.allowedFrom().toString());
        }
        ArrayNode staff = o.putArray("perStaff");
        for (MassSendPlan.StaffShare s : p.perStaff()) {
            staff.addObject().put("staffId", s.staffId()).put("eligible", s.eligible());
        }
        ArrayNode preview = o.putArray("preview");
        p.preview().forEach(preview::add);
        o.put("computedAt", p.computedAt().toString());
        o.put("computeMillis", p.computeMillis());
        return o.toString();
    }

    static MassSendPlan plan(String json) {
        if (json == null) {
            return null;
        }
        JsonNode o = tree(json);
        List<MassSendPlan.Blocked> blocked = new ArrayList<>();
        o.get("blocked").forEach(n -> blocked.add(new MassSendPlan.Blocked(n.get("rule").asText(), n.get("reason").asText(),
                n.get("count").asLong(), n.hasNonNull("allowedFrom") ? Instant.parse(n.get("allowedFrom").asText()) : null)));
        List<MassSendPlan.StaffShare> staff = new ArrayList<>();
        o.get("perStaff").forEach(n -> staff.add(new MassSendPlan.StaffShare(
                n.hasNonNull("staffId") ? n.get("staffId").asText() : null, n.get("eligible").asLong())));
        List<String> preview = new ArrayList<>();
        o.path("preview").forEach(n -> preview.add(n.asText()));
        return new MassSendPlan(Instant.parse(o.get("at").asText()), o.get("audience").asLong(),
                o.get("eligible").asLong(), blocked, staff, preview, Instant.parse(o.get("computedAt").asText()),
                o.get("computeMillis").asLong());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored mass send is not JSON", e);
        }
    }
}
