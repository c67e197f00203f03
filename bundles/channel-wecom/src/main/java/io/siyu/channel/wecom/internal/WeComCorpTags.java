package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.CorpTags;
import java.util.ArrayList;
import java.util.List;

/** WeCom corp tags: {@code get_corp_tag_list}, {@code add_corp_tag}, {@code mark_tag}. */
final class WeComCorpTags implements CorpTags {
    private final WeComCalls calls;
    private final String corpId;

    WeComCorpTags(WeComCalls calls, String corpId) {
        this.calls = calls;
        this.corpId = corpId;
    }

    @Override
    public String namespace() {
        return corpId;
    }

    @Override
    public List<CorpTagGroup> list() {
        ObjectNode body = calls.api().mapper().createObjectNode();
        body.putArray("tag_id");
        body.putArray("group_id");
        List<CorpTagGroup> groups = new ArrayList<>();
        for (JsonNode g : calls.post("/externalcontact/get_corp_tag_list", body).path("tag_group")) {
            if (!g.path("deleted").asBoolean(false)) {
                groups.add(group(g));
            }
        }
        return groups;
    }

    private static CorpTagGroup group(JsonNode g) {
        List<CorpTag> tags = new ArrayList<>();
        for (JsonNode t : g.path("tag")) {
            if (!t.path("deleted").asBoolean(false)) {
                tags.add(new CorpTag(t.path("id").asText(), t.path("name").asText(""), t.path("order").asInt(0)));
            }
        }
        return new CorpTagGroup(g.path("group_id").asText(), g.path("group_name").asText(""), g.path("order").asInt(0),
                tags);
    }

    @Override
    public CorpTagGroup add(String groupId, String groupName, List<String> tagNames) {
        List<FieldError> errors = new ArrayList<>();
        if ((groupId == null || groupId.isBlank()) && (groupName == null || groupName.isBlank()
                || groupName.length() > MAX_NAME_LENGTH)) {
            errors.add(FieldError.of("group", "a group id or a name of 1 to " + MAX_NAME_LENGTH + " characters"));
        }
        if (tagNames == null || tagNames.isEmpty()
                || tagNames.stream().anyMatch(n -> n == null || n.isBlank() || n.length() > MAX_NAME_LENGTH)) {
            errors.add(FieldError.of("tags", "at least one, each 1 to " + MAX_NAME_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        ObjectNode body = calls.api().mapper().createObjectNode();
        if (groupId != null && !groupId.isBlank()) {
            body.put("group_id", groupId);
        } else {
            body.put("group_name", groupName);
        }
        ArrayNode tags = body.putArray("tag");
        tagNames.forEach(n -> tags.addObject().put("name", n));
        return group(calls.post("/externalcontact/add_corp_tag", body).path("tag_group"));
    }

    @Override
    public void mark(String staffUserId, String externalUserId, List<String> addTagIds, List<String> removeTagIds) {
        ObjectNode body = calls.api().mapper().createObjectNode();
        body.put("userid", staffUserId);
        body.put("external_userid", externalUserId);
        ArrayNode add = body.putArray("add_tag");
        addTagIds.forEach(add::add);
        ArrayNode remove = body.putArray("remove_tag");
        removeTagIds.forEach(remove::add);
        calls.post("/externalcontact/mark_tag", body);
    }
}
