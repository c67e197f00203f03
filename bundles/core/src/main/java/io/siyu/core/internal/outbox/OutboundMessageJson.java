package io.siyu.core.internal.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.policy.TouchScenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of an outbound message: everything but the recipients, which the outbox keeps as
 * rows so a mass message's per-customer states are queryable. Field order is fixed so the hash of
 * the same message is the same on every node.
 */
public final class OutboundMessageJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboundMessageJson() {
    }

    static String body(OutboundMessage m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", m.kind().name());
        if (!m.groupChatIds().isEmpty()) {
            ArrayNode chats = root.putArray("groupChatIds");
            m.groupChatIds().forEach(chats::add);
        }
        root.set("content", content(m.content()));
        if (m.scenario() != null) {
            root.put("scenario", m.scenario().name());
        }
        if (m.senderStaffId() != null) {
            root.put("sender", m.senderStaffId());
        }
        if (!m.options().isEmpty()) {
            ObjectNode options = root.putObject("options");
            new TreeMap<>(m.options()).forEach(options::put);
        }
        return root.toString();
    }

    /** SHA-256 over the body and the recipients: what makes two enqueues "the same message". */
    static String hash(String body, List<ChannelIdentity> recipients) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(body.getBytes(StandardCharsets.UTF_8));
            for (ChannelIdentity r : recipients) {
                sha.update((byte) '\n');
                sha.update(r.toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The message as an adapter gets it, for the given recipients (one provider call's worth). */
    static OutboundMessage message(String key, String type, String account, String body,
            List<ChannelIdentity> recipients) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox message " + key + " has an unreadable body", e);
        }
        List<String> chats = new ArrayList<>();
        root.path("groupChatIds").forEach(n -> chats.add(n.asText()));
        Map<String, String> options = new LinkedHashMap<>();
        root.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        return new OutboundMessage(key, type, account, MessageKind.valueOf(root.path("kind").asText()), recipients,
                chats, content(root.path("content")),
                root.hasNonNull("scenario") ? TouchScenario.valueOf(root.get("scenario").asText()) : null,
                root.hasNonNull("sender") ? root.get("sender").asText() : null, options);
    }

    /** Content in the stored form; mass sends keep theirs the same way. */
    public static ObjectNode content(MessageContent content) {
        ObjectNode node = JSON.createObjectNode();
        if (content instanceof MessageContent.Text text) {
            node.put("text", text.text());
            ArrayNode attachments = node.putArray("attachments");
            text.attachments().forEach(a -> attachments.add(attachment(a)));
        } else if (content instanceof MessageContent.Email email) {
            ObjectNode mail = node.putObject("email");
            mail.put("subject", email.subject());
            if (email.html() != null) {
                mail.put("html", email.html());
            }
            if (email.text() != null) {
                mail.put("text", email.text());
            }
        } else if (content instanceof MessageContent.LibraryTemplate ref) {
            // mass sends and SOP steps keep the reference; the outbox itself stores it resolved
            ObjectNode template = node.putObject("template");
            template.put("contentId", ref.contentId());
            ObjectNode data = template.putObject("data");
            new TreeMap<>(ref.params()).forEach(data::put);
        } else {
            MessageContent.Template t = (MessageContent.Template) content;
            ObjectNode template = node.putObject("template");
            template.put("id", t.templateId());
            ObjectNode data = template.putObject("data");
            new TreeMap<>(t.data()).forEach(data::put);
            if (t.url() != null) {
                template.put("url", t.url());
            }
            if (t.miniProgram() != null) {
                template.set("miniProgram", attachment(t.miniProgram()));
            }
        }
        return node;
    }

    public static MessageContent content(JsonNode node) {
        if (node.has("email")) {
            JsonNode mail = node.get("email");
            return new MessageContent.Email(mail.path("subject").asText(), text(mail, "html"), text(mail, "text"));
        }
        if (node.has("template")) {
            JsonNode t = node.get("template");
            Map<String, String> data = new LinkedHashMap<>();
            t.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
            if (t.has("contentId")) {
                return new MessageContent.LibraryTemplate(t.get("contentId").asLong(), data);
            }
            return new MessageContent.Template(t.get("id").asText(), data, text(t, "url"),
                    t.has("miniProgram") ? (Attachment.MiniProgram) attachment(t.get("miniProgram")) : null);
        }
        List<Attachment> attachments = new ArrayList<>();
        node.path("attachments").forEach(a -> attachments.add(attachment(a)));
        return new MessageContent.Text(node.path("text").asText(""), attachments);
    }

    private static ObjectNode attachment(Attachment a) {
        ObjectNode node = JSON.createObjectNode();
        if (a instanceof Attachment.Image image) {
            node.put("type", "image").put("source", image.source());
        } else if (a instanceof Attachment.Link link) {
            node.put("type", "link").put("title", link.title()).put("url", link.url())
                    .put("description", link.description()).put("imageSource", link.imageSource());
        } else if (a instanceof Attachment.MiniProgram mp) {
            node.put("type", "miniprogram").put("appId", mp.appId()).put("page", mp.page()).put("title", mp.title())
                    .put("imageSource", mp.imageSource());
        } else if (a instanceof Attachment.File file) {
            node.put("type", "file").put("source", file.source());
        } else {
            node.put("type", "video").put("source", ((Attachment.Video) a).source());
        }
        return node;
    }

    private static Attachment attachment(JsonNode n) {
        switch (n.path("type").asText()) {
            case "image":
                return new Attachment.Image(n.get("source").asText());
            case "link":
                return new Attachment.Link(n.get("title").asText(), n.get("url").asText(), text(n, "description"),
                        text(n, "imageSource"));
            case "miniprogram":
                return new Attachment.MiniProgram(n.get("appId").asText(), n.get("page").asText(), text(n, "title"),
                        text(n, "imageSource"));
            case "file":
                return new Attachment.File(n.get("source").asText());
            case "video":
                return new Attachment.Video(n.get("source").asText());
            default:
                throw new IllegalArgumentException("unknown attachment type " + n.path("type").asText());
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
