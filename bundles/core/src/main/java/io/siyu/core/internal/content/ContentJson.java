package io.siyu.core.internal.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.RiskDisclosure;
import io.siyu.core.internal.outbox.OutboundMessageJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The stored form of content bodies and of the configured risk disclosures. Messages as the outbox stores them. */
final class ContentJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentJson() {
    }

    static String body(ContentBody body) {
        ObjectNode root = JSON.createObjectNode();
        if (body instanceof ContentBody.Message m) {
            root.put("type", "message");
            root.set("content", OutboundMessageJson.content(m.content()));
        } else if (body instanceof ContentBody.SmsTemplate s) {
            root.put("type", "sms");
            root.put("text", s.text());
            ObjectNode providers = root.putObject("providerTemplates");
            s.providerTemplates().forEach(providers::put);
            ArrayNode names = root.putArray("parameterNames");
            s.parameterNames().forEach(names::add);
            if (s.signName() != null) {
                root.put("signName", s.signName());
            }
        } else if (body instanceof ContentBody.Script s) {
            root.put("type", "script");
            root.put("text", s.text());
        } else {
            throw new IllegalArgumentException("unknown content body " + body);
        }
        return root.toString();
    }

    static ContentBody body(String stored) {
        JsonNode n = read(stored);
        switch (n.path("type").asText()) {
            case "message":
                return new ContentBody.Message(OutboundMessageJson.content(n.get("content")));
            case "sms":
                List<String> names = new ArrayList<>();
                n.path("parameterNames").forEach(p -> names.add(p.asText()));
                Map<String, String> providers = new TreeMap<>();
                n.path("providerTemplates").fields().forEachRemaining(e -> providers.put(e.getKey(), e.getValue().asText()));
                if (n.has("provider")) {
                    // written before 2.0: one provider template, for every account of the provider
                    providers.put(n.get("provider").asText(), n.path("templateId").asText());
                }
                return new ContentBody.SmsTemplate(n.path("text").asText(), names,
                        n.hasNonNull("signName") ? n.get("signName").asText() : null, providers);
            case "script":
                return new ContentBody.Script(n.path("text").asText());
            default:
                throw new IllegalStateException("stored content body of unknown type: " + n.path("type"));
        }
    }

    static String disclosures(List<RiskDisclosure> disclosures) {
        ArrayNode root = JSON.createArrayNode();
        for (RiskDisclosure d : disclosures) {
            ObjectNode o = root.addObject();
            o.put("id", d.id());
            o.put("name", d.name());
            d.whenLabels().forEach(o.putArray("whenLabels")::add);
            d.whenMentions().forEach(o.putArray("whenMentions")::add);
            o.put("phrase", d.phrase());
        }
        return root.toString();
    }

    static List<RiskDisclosure> disclosures(String stored) {
        List<RiskDisclosure> out = new ArrayList<>();
        for (JsonNode n : read(stored)) {
            out.add(new RiskDisclosure(n.path("id").asText(), n.path("name").asText(), strings(n.path("whenLabels")),
                    strings(n.path("whenMentions")), n.path("phrase").asText()));
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonNode read(String stored) {
        try {
            return JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored content is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
