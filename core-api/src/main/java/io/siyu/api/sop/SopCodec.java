package io.siyu.api.sop;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.org.StaffTask;
import io.siyu.api.policy.TouchScenario;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.ConditionCodec;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts SOP content (name, trigger, steps) to and from plain JSON-shaped values (maps, lists,
 * strings, numbers, booleans): the form of REST bodies, edition templates and stored definitions.
 * Every trigger, step and action is an object with a {@code type} (see docs/sop.md):
 * <ul>
 * <li>triggers: {@code event} ({@code eventType}, {@code filters}), {@code segmentEntered}
 * ({@code segmentId}), {@code dateAttribute} ({@code attribute}, {@code offsetDays}, {@code yearly},
 * {@code time} "HH:mm"), {@code schedule} ({@code cron}, {@code zone}, {@code audience} condition);</li>
 * <li>steps, each with an {@code id}: {@code wait} ({@code duration} ISO-8601, e.g. "PT5M"),
 * {@code waitUntil} ({@code time}), {@code waitForEvent} ({@code eventType}, {@code filters},
 * {@code timeout}), {@code branch} ({@code condition}, {@code then}, {@code otherwise}) and
 * {@code perform} ({@code action});</li>
 * <li>actions: {@code sendMessage} ({@code channel} "type/account", {@code kind}, {@code text},
 * {@code attachments} or {@code template}, {@code scenario}), {@code changeTags} ({@code add},
 * {@code remove}), {@code setAttribute} ({@code attribute}, {@code value}), {@code createTask}
 * ({@code kind}, {@code title}, {@code script}, {@code dueIn}, {@code priority}),
 * {@code inviteToGroup} ({@code channel}, {@code groupChatId}), {@code sendToGroups}
 * ({@code channel}, {@code groupChatIds}, {@code sender}, {@code text}, {@code attachments}) and
 * {@code callWebhook} ({@code url}).</li>
 * </ul>
 * Enum values are written in lower case and read in any case. Errors name the path of the bad
 * field, e.g. {@code steps[2].action.kind}.
 *
 * @since 1.1
 */
public final class SopCodec {
    /** Branches nest; deeper trees are refused. */
    public static final int MAX_DEPTH = 16;

    private static final List<String> TRIGGERS = List.of("event", "segmentEntered", "dateAttribute", "schedule");
    private static final List<String> STEPS = List.of("wait", "waitUntil", "waitForEvent", "branch", "perform");
    private static final List<String> ACTIONS = List.of("sendMessage", "changeTags", "setAttribute", "createTask",
            "inviteToGroup", "sendToGroups", "callWebhook");

    private SopCodec() {
    }

    /** The whole content: {@code name}, {@code trigger}, {@code steps}. */
    public static Map<String, Object> toTree(SopDraft draft) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", draft.name());
        m.put("trigger", triggerTree(draft.trigger()));
        m.put("steps", stepsTree(draft.steps()));
        return m;
    }

    /** @throws ValidationException naming every bad field found */
    public static SopDraft fromTree(Object tree) {
        List<FieldError> errors = new ArrayList<>();
        if (!(tree instanceof Map<?, ?> node)) {
            throw new ValidationException(FieldError.of("body", "send an SOP as a JSON object with name, trigger and steps"));
        }
        Object name = node.get("name");
        if (!(name instanceof String s) || s.isBlank()) {
            errors.add(FieldError.of("name", "is required"));
        }
        SopTrigger trigger = trigger(node.get("trigger"), "trigger", errors);
        List<SopStep> steps = steps(node.get("steps"), "steps", 0, errors);
        if (steps != null && steps.isEmpty()) {
            errors.add(FieldError.of("steps", "an SOP has at least one step"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new SopDraft((String) name, trigger, steps);
    }

    public static Map<String, Object> triggerTree(SopTrigger trigger) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (trigger instanceof SopTrigger.Event e) {
            m.put("type", "event");
            m.put("eventType", e.eventType());
            m.put("filters", new LinkedHashMap<>(e.filters()));
        } else if (trigger instanceof SopTrigger.SegmentEntered s) {
            m.put("type", "segmentEntered");
            m.put("segmentId", s.segmentId());
        } else if (trigger instanceof SopTrigger.DateAttribute d) {
            m.put("type", "dateAttribute");
            m.put("attribute", d.attribute());
            m.put("offsetDays", d.offsetDays());
            m.put("yearly", d.yearly());
            m.put("time", d.time().toString());
        } else if (trigger instanceof SopTrigger.Schedule s) {
            m.put("type", "schedule");
            m.put("cron", s.cron());
            m.put("zone", s.zone().getId());
            if (s.audience() != null) {
                m.put("audience", ConditionCodec.toTree(s.audience()));
            }
        }
        return m;
    }

    public static List<Map<String, Object>> stepsTree(List<SopStep> steps) {
        return steps.stream().map(SopCodec::stepTree).toList();
    }

    private static Map<String, Object> stepTree(SopStep step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", step.id());
        if (step instanceof SopStep.Wait w) {
            m.put("type", "wait");
            m.put("duration", w.duration().toString());
        } else if (step instanceof SopStep.WaitUntil w) {
            m.put("type", "waitUntil");
            m.put("time", w.time().toString());
        } else if (step instanceof SopStep.WaitForEvent w) {
            m.put("type", "waitForEvent");
            m.put("eventType", w.eventType());
            m.put("filters", new LinkedHashMap<>(w.filters()));
            m.put("timeout", w.timeout().toString());
        } else if (step instanceof SopStep.Branch b) {
            m.put("type", "branch");
            m.put("condition", ConditionCodec.toTree(b.condition()));
            m.put("then", stepsTree(b.then()));
            m.put("otherwise", stepsTree(b.otherwise()));
        } else if (step instanceof SopStep.Perform p) {
            m.put("type", "perform");
            m.put("action", actionTree(p.action()));
        }
        return m;
    }

    public static Map<String, Object> actionTree(SopAction action) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (action instanceof SopAction.SendMessage s) {
            m.put("type", "sendMessage");
            m.put("channel", s.channelType() + "/" + s.channelAccount());
            m.put("kind", lower(s.kind()));
            if (s.content() instanceof MessageContent.Text t) {
                m.put("text", t.text());
                if (!t.attachments().isEmpty()) {
                    m.put("attachments", t.attachments().stream().map(SopCodec::attachmentTree).toList());
                }
            } else if (s.content() instanceof MessageContent.LibraryTemplate ref) {
                Map<String, Object> template = new LinkedHashMap<>();
                template.put("contentId", ref.contentId());
                template.put("data", new LinkedHashMap<>(ref.params()));
                m.put("template", template);
            } else if (s.content() instanceof MessageContent.Template t) {
                Map<String, Object> template = new LinkedHashMap<>();
                template.put("id", t.templateId());
                template.put("data", new LinkedHashMap<>(t.data()));
                if (t.url() != null) {
                    template.put("url", t.url());
                }
                if (t.miniProgram() != null) {
                    template.put("miniProgram", attachmentTree(t.miniProgram()));
                }
                m.put("template", template);
            }
            if (s.scenario() != null) {
                m.put("scenario", lower(s.scenario()));
            }
        } else if (action instanceof SopAction.ChangeTags t) {
            m.put("type", "changeTags");
            m.put("add", t.add().stream().sorted().toList());
            m.put("remove", t.remove().stream().sorted().toList());
        } else if (action instanceof SopAction.SetAttribute a) {
            m.put("type", "setAttribute");
            m.put("attribute", a.attribute());
            m.put("value", a.value() == null || a.value() instanceof Boolean || a.value() instanceof Number
                    ? a.value() : a.value().toString());
        } else if (action instanceof SopAction.CreateTask t) {
            m.put("type", "createTask");
            m.put("kind", lower(t.kind()));
            m.put("title", t.title());
            m.put("script", t.script());
            if (t.dueIn() != null) {
                m.put("dueIn", t.dueIn().toString());
            }
            m.put("priority", lower(t.priority()));
        } else if (action instanceof SopAction.InviteToGroup g) {
            m.put("type", "inviteToGroup");
            m.put("channel", g.channelType() + "/" + g.channelAccount());
            m.put("groupChatId", g.groupChatId());
        } else if (action instanceof SopAction.SendToGroups g) {
            m.put("type", "sendToGroups");
            m.put("channel", g.channelType() + "/" + g.channelAccount());
            m.put("groupChatIds", g.groupChatIds());
            if (g.senderStaffId() != null) {
                m.put("sender", g.senderStaffId());
            }
            if (g.content() instanceof MessageContent.Text t) {
                m.put("text", t.text());
                if (!t.attachments().isEmpty()) {
                    m.put("attachments", t.attachments().stream().map(SopCodec::attachmentTree).toList());
                }
            }
        } else if (action instanceof SopAction.CallWebhook w) {
            m.put("type", "callWebhook");
            m.put("url", w.url().toString());
        }
        return m;
    }

    private static Map<String, Object> attachmentTree(Attachment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a instanceof Attachment.Image i) {
            m.put("type", "image");
            m.put("source", i.source());
        } else if (a instanceof Attachment.Link l) {
            m.put("type", "link");
            m.put("title", l.title());
            m.put("url", l.url());
            putIfSet(m, "description", l.description());
            putIfSet(m, "imageSource", l.imageSource());
        } else if (a instanceof Attachment.MiniProgram p) {
            m.put("type", "miniProgram");
            m.put("appId", p.appId());
            m.put("page", p.page());
            putIfSet(m, "title", p.title());
            putIfSet(m, "imageSource", p.imageSource());
        } else if (a instanceof Attachment.File f) {
            m.put("type", "file");
            m.put("source", f.source());
        } else if (a instanceof Attachment.Video v) {
            m.put("type", "video");
            m.put("source", v.source());
        }
        return m;
    }

    // ---------------------------------------------------------------- reading

    private static SopTrigger trigger(Object tree, String path, List<FieldError> errors) {
        Map<?, ?> node = object(tree, path, errors);
        if (node == null) {
            return null;
        }
        String type = type(node, path, TRIGGERS, errors);
        if (type == null) {
            return null;
        }
        int before = errors.size();
        try {
            switch (type) {
                case "event": {
                    String eventType = string(node, "eventType", path, errors);
                    Map<String, Object> filters = filters(node.get("filters"), path + ".filters", errors);
                    return errors.size() > before ? null : new SopTrigger.Event(eventType, filters);
                }
                case "segmentEntered": {
                    Long id = integral(node.get("segmentId"), path + ".segmentId", errors);
                    return id == null ? null : new SopTrigger.SegmentEntered(id);
                }
                case "dateAttribute": {
                    String attribute = string(node, "attribute", path, errors);
                    Long offset = integral(orDefault(node, "offsetDays", 0), path + ".offsetDays", errors);
                    Object yearly = orDefault(node, "yearly", Boolean.FALSE);
                    if (!(yearly instanceof Boolean)) {
                        errors.add(FieldError.of(path + ".yearly", "must be true or false"));
                    }
                    LocalTime time = time(orDefault(node, "time", "09:00"), path + ".time", errors);
                    return errors.size() > before ? null
                            : new SopTrigger.DateAttribute(attribute, smallInt(offset), (Boolean) yearly, time);
                }
                default: {
                    String cron = string(node, "cron", path, errors);
                    ZoneId zone = zone(orDefault(node, "zone", "Asia/Shanghai"), path + ".zone", errors);
                    Condition audience = null;
                    if (node.get("audience") != null) {
                        try {
                            audience = ConditionCodec.fromTree(node.get("audience"), path + ".audience");
                        } catch (ValidationException e) {
                            errors.addAll(e.errors());
                        }
                    }
                    return errors.size() > before ? null : new SopTrigger.Schedule(cron, zone, audience);
                }
            }
        } catch (ValidationException e) {
            prefixed(e, path, errors);
            return null;
        }
    }

    private static List<SopStep> steps(Object tree, String path, int depth, List<FieldError> errors) {
        if (!(tree instanceof List<?> list)) {
            errors.add(FieldError.of(path, tree == null ? "is required" : "must be a list of steps"));
            return null;
        }
        if (depth >= MAX_DEPTH) {
            errors.add(FieldError.of(path, "branches nest deeper than " + MAX_DEPTH + " levels"));
            return null;
        }
        List<SopStep> steps = new ArrayList<>();
        int before = errors.size();
        for (int i = 0; i < list.size(); i++) {
            SopStep s = step(list.get(i), path + "[" + i + "]", depth, errors);
            if (s != null) {
                steps.add(s);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            return Checks.steps(steps, path);
        } catch (ValidationException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static SopStep step(Object tree, String path, int depth, List<FieldError> errors) {
        Map<?, ?> node = object(tree, path, errors);
        if (node == null) {
            return null;
        }
        String type = type(node, path, STEPS, errors);
        Object rawId = node.get("id");
        if (!(rawId instanceof String id)) {
            errors.add(FieldError.of(path + ".id", "is required: 1-64 letters, digits, - or _"));
            return null;
        }
        if (type == null) {
            return null;
        }
        int before = errors.size();
        try {
            switch (type) {
                case "wait": {
                    Duration d = duration(node.get("duration"), path + ".duration", errors);
                    return errors.size() > before ? null : new SopStep.Wait(id, d);
                }
                case "waitUntil": {
                    LocalTime t = time(node.get("time"), path + ".time", errors);
                    return errors.size() > before ? null : new SopStep.WaitUntil(id, t);
                }
                case "waitForEvent": {
                    String eventType = string(node, "eventType", path, errors);
                    Map<String, Object> filters = filters(node.get("filters"), path + ".filters", errors);
                    Duration timeout = duration(node.get("timeout"), path + ".timeout", errors);
                    return errors.size() > before ? null : new SopStep.WaitForEvent(id, eventType, filters, timeout);
                }
                case "branch": {
                    Condition condition = null;
                    try {
                        condition = ConditionCodec.fromTree(node.get("condition"), path + ".condition");
                    } catch (ValidationException e) {
                        errors.addAll(e.errors());
                    }
                    List<SopStep> then = node.get("then") == null ? List.of()
                            : steps(node.get("then"), path + ".then", depth + 1, errors);
                    List<SopStep> otherwise = node.get("otherwise") == null ? List.of()
                            : steps(node.get("otherwise"), path + ".otherwise", depth + 1, errors);
                    return errors.size() > before ? null : new SopStep.Branch(id, condition, then, otherwise);
                }
                default: {
                    SopAction action = action(node.get("action"), path + ".action", errors);
                    return errors.size() > before ? null : new SopStep.Perform(id, action);
                }
            }
        } catch (ValidationException e) {
            prefixed(e, path, errors);
            return null;
        }
    }

    private static SopAction action(Object tree, String path, List<FieldError> errors) {
        Map<?, ?> node = object(tree, path, errors);
        if (node == null) {
            return null;
        }
        String type = type(node, path, ACTIONS, errors);
        if (type == null) {
            return null;
        }
        int before = errors.size();
        try {
            switch (type) {
                case "sendMessage": {
                    String[] channel = channel(node, path, errors);
                    MessageKind kind = enumValue(MessageKind.class, node.get("kind"), path + ".kind", errors);
                    TouchScenario scenario = node.get("scenario") == null ? null
                            : enumValue(TouchScenario.class, node.get("scenario"), path + ".scenario", errors);
                    MessageContent content = content(node, path, errors);
                    return errors.size() > before ? null
                            : new SopAction.SendMessage(channel[0], channel[1], kind, content, scenario);
                }
                case "changeTags": {
                    Set<Long> add = ids(node.get("add"), path + ".add", errors);
                    Set<Long> remove = ids(node.get("remove"), path + ".remove", errors);
                    return errors.size() > before ? null : new SopAction.ChangeTags(add, remove);
                }
                case "setAttribute": {
                    String attribute = string(node, "attribute", path, errors);
                    Object value = node.get("value");
                    if (value != null && !(value instanceof String || value instanceof Boolean || value instanceof Number)) {
                        errors.add(FieldError.of(path + ".value", "must be a string, a number, a boolean or null"));
                    }
                    if (value instanceof Number n && !(n instanceof BigDecimal)) {
                        value = new BigDecimal(n.toString());
                    }
                    return errors.size() > before ? null : new SopAction.SetAttribute(attribute, value);
                }
                case "createTask": {
                    StaffTask.Kind kind = enumValue(StaffTask.Kind.class, orDefault(node, "kind", "follow_up"),
                            path + ".kind", errors);
                    String title = string(node, "title", path, errors);
                    Object script = node.get("script");
                    if (script != null && !(script instanceof String)) {
                        errors.add(FieldError.of(path + ".script", "must be text"));
                    }
                    Duration dueIn = node.get("dueIn") == null ? null : duration(node.get("dueIn"), path + ".dueIn", errors);
                    StaffTask.Priority priority = enumValue(StaffTask.Priority.class, orDefault(node, "priority", "normal"),
                            path + ".priority", errors);
                    return errors.size() > before ? null
                            : new SopAction.CreateTask(kind, title, (String) script, dueIn, priority);
                }
                case "inviteToGroup": {
                    String[] channel = channel(node, path, errors);
                    String chat = string(node, "groupChatId", path, errors);
                    return errors.size() > before ? null : new SopAction.InviteToGroup(channel[0], channel[1], chat);
                }
                case "sendToGroups": {
                    String[] channel = channel(node, path, errors);
                    List<String> chats = texts(node.get("groupChatIds"), path + ".groupChatIds", errors);
                    Object sender = node.get("sender");
                    if (sender != null && !(sender instanceof String)) {
                        errors.add(FieldError.of(path + ".sender", "must be a staff id"));
                    }
                    if (node.get("template") != null) {
                        errors.add(FieldError.of(path + ".template", "group chats take text and attachments, not templates"));
                    }
                    MessageContent content = content(node, path, errors);
                    return errors.size() > before ? null
                            : new SopAction.SendToGroups(channel[0], channel[1], chats, (String) sender, content);
                }
                default: {
                    String url = string(node, "url", path, errors);
                    URI uri = null;
                    if (url != null) {
                        try {
                            uri = new URI(url);
                            if (uri.getHost() == null) {
                                errors.add(FieldError.of(path + ".url", "must be an absolute http(s) URL"));
                            }
                        } catch (URISyntaxException e) {
                            errors.add(FieldError.of(path + ".url", "is not a URL: " + e.getMessage()));
                        }
                    }
                    return errors.size() > before ? null : new SopAction.CallWebhook(uri);
                }
            }
        } catch (ValidationException e) {
            prefixed(e, path, errors);
            return null;
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of(path, e.getMessage()));
            return null;
        }
    }

    private static MessageContent content(Map<?, ?> node, String path, List<FieldError> errors) {
        Object template = node.get("template");
        Object text = node.get("text");
        if (template != null) {
            if (text != null) {
                errors.add(FieldError.of(path + ".text", "give text or a template, not both"));
                return null;
            }
            Map<?, ?> t = object(template, path + ".template", errors);
            if (t == null) {
                return null;
            }
            Map<String, String> data = new LinkedHashMap<>();
            Object rawData = t.get("data");
            if (rawData instanceof Map<?, ?> d) {
                d.forEach((k, v) -> data.put(String.valueOf(k), v == null ? "" : v.toString()));
            } else if (rawData != null) {
                errors.add(FieldError.of(path + ".template.data", "must be an object"));
            }
            if (t.get("contentId") != null) {
                // an SMS template of the content library, resolved for the channel when sent
                Object contentId = t.get("contentId");
                if (!(contentId instanceof Number n) || n.longValue() <= 0 || t.get("id") != null) {
                    errors.add(FieldError.of(path + ".template.contentId",
                            "is a content id (a positive number), given instead of a provider template id"));
                    return null;
                }
                return new MessageContent.LibraryTemplate(n.longValue(), data);
            }
            String id = string(t, "id", path + ".template", errors);
            Attachment.MiniProgram mp = null;
            if (t.get("miniProgram") != null) {
                Attachment a = attachment(t.get("miniProgram"), path + ".template.miniProgram", errors);
                mp = a instanceof Attachment.MiniProgram p ? p : null;
            }
            Object url = t.get("url");
            return id == null ? null : new MessageContent.Template(id, data, url == null ? null : url.toString(), mp);
        }
        if (text != null && !(text instanceof String)) {
            errors.add(FieldError.of(path + ".text", "must be text"));
            return null;
        }
        List<Attachment> attachments = new ArrayList<>();
        Object raw = node.get("attachments");
        if (raw instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Attachment a = attachment(list.get(i), path + ".attachments[" + i + "]", errors);
                if (a != null) {
                    attachments.add(a);
                }
            }
        } else if (raw != null) {
            errors.add(FieldError.of(path + ".attachments", "must be a list"));
        }
        if ((text == null || ((String) text).isBlank()) && attachments.isEmpty()) {
            errors.add(FieldError.of(path + ".text", "is required (or attachments, or a template)"));
            return null;
        }
        return new MessageContent.Text((String) text, attachments);
    }

    private static Attachment attachment(Object tree, String path, List<FieldError> errors) {
        Map<?, ?> node = object(tree, path, errors);
        if (node == null) {
            return null;
        }
        String type = type(node, path, List.of("image", "link", "miniProgram", "file", "video"), errors);
        if (type == null) {
            return null;
        }
        try {
            switch (type) {
                case "image":
                    return new Attachment.Image(text(node, "source"));
                case "link":
                    return new Attachment.Link(text(node, "title"), text(node, "url"), text(node, "description"),
                            text(node, "imageSource"));
                case "miniProgram":
                    return new Attachment.MiniProgram(text(node, "appId"), text(node, "page"), text(node, "title"),
                            text(node, "imageSource"));
                case "file":
                    return new Attachment.File(text(node, "source"));
                default:
                    return new Attachment.Video(text(node, "source"));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(FieldError.of(path, e.getMessage()));
            return null;
        }
    }

    private static String text(Map<?, ?> node, String key) {
        Object v = node.get(key);
        return v == null ? null : v.toString();
    }

    private static String[] channel(Map<?, ?> node, String path, List<FieldError> errors) {
        Object v = node.get("channel");
        String[] parts = v instanceof String s ? s.split("/", -1) : new String[0];
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            errors.add(FieldError.of(path + ".channel", "is required as type/account, e.g. wecom/main"));
            return new String[] {null, null};
        }
        return parts;
    }

    private static Map<String, Object> filters(Object raw, String path, List<FieldError> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            errors.add(FieldError.of(path, "must be an object of property: value"));
            return out;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Boolean) {
                out.put(String.valueOf(e.getKey()), v);
            } else if (v instanceof Number n) {
                out.put(String.valueOf(e.getKey()), new BigDecimal(n.toString()));
            } else {
                errors.add(FieldError.of(path + "." + e.getKey(), "must be a string, a number or a boolean"));
            }
        }
        return out;
    }

    /** A required list of non-empty strings (group chat ids). */
    private static List<String> texts(Object raw, String path, List<FieldError> errors) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            errors.add(FieldError.of(path, "must be a non-empty list of ids"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String text && !text.isBlank()) {
                out.add(text);
            } else {
                errors.add(FieldError.of(path + "[" + i + "]", "must be a non-empty string"));
            }
        }
        return out;
    }

    private static Set<Long> ids(Object raw, String path, List<FieldError> errors) {
        Set<Long> out = new LinkedHashSet<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof List<?> list)) {
            errors.add(FieldError.of(path, "must be a list of tag ids"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Long id = integral(list.get(i), path + "[" + i + "]", errors);
            if (id != null) {
                out.add(id);
            }
        }
        return out;
    }

    private static Map<?, ?> object(Object tree, String path, List<FieldError> errors) {
        if (!(tree instanceof Map<?, ?> node)) {
            errors.add(FieldError.of(path, tree == null ? "is required" : "must be an object with a \"type\""));
            return null;
        }
        return node;
    }

    private static String type(Map<?, ?> node, String path, List<String> allowed, List<FieldError> errors) {
        Object type = node.get("type");
        if (!(type instanceof String t) || !allowed.contains(t)) {
            errors.add(FieldError.of(path + ".type", (type == null ? "is required" : "\"" + type + "\" is unknown")
                    + ": one of " + allowed));
            return null;
        }
        return t;
    }

    private static String string(Map<?, ?> node, String key, String path, List<FieldError> errors) {
        Object v = node.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            errors.add(FieldError.of(path + "." + key, v == null ? "is required" : "must be a non-empty string"));
            return null;
        }
        return s;
    }

    private static Duration duration(Object v, String path, List<FieldError> errors) {
        if (v instanceof String s) {
            try {
                return Duration.parse(s.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(FieldError.of(path, (v == null ? "is required" : "\"" + v + "\" is not")
                + " an ISO-8601 duration, e.g. PT5M or P1D"));
        return null;
    }

    private static LocalTime time(Object v, String path, List<FieldError> errors) {
        if (v instanceof String s) {
            try {
                return LocalTime.parse(s.strip());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(FieldError.of(path, (v == null ? "is required" : "\"" + v + "\" is not") + " a time of day, e.g. 09:30"));
        return null;
    }

    private static ZoneId zone(Object v, String path, List<FieldError> errors) {
        if (v instanceof String s) {
            try {
                return ZoneId.of(s.strip());
            } catch (DateTimeException e) {
                // reported below
            }
        }
        errors.add(FieldError.of(path, "\"" + v + "\" is not a time zone, e.g. Asia/Shanghai"));
        return null;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Object v, String path, List<FieldError> errors) {
        if (v instanceof String s) {
            try {
                return Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(lower(e));
        }
        errors.add(FieldError.of(path, (v == null ? "is required" : "\"" + v + "\" is not allowed") + ": one of " + names));
        return null;
    }

    private static Long integral(Object v, String path, List<FieldError> errors) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            if (d.stripTrailingZeros().scale() <= 0) {
                return d.longValue();
            }
        }
        errors.add(FieldError.of(path, v == null ? "is required" : "must be a whole number"));
        return null;
    }

    private static int smallInt(Long v) {
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v < Integer.MIN_VALUE ? Integer.MIN_VALUE : v.intValue();
    }

    private static Object orDefault(Map<?, ?> node, String key, Object fallback) {
        Object v = node.get(key);
        return v == null ? fallback : v;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void prefixed(ValidationException e, String path, List<FieldError> errors) {
        e.errors().forEach(fe -> errors.add(FieldError.of(fe.field().startsWith(path) ? fe.field()
                : path + "." + fe.field(), fe.message())));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
