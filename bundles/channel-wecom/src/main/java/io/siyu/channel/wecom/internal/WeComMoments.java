package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.Moments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WeCom moments: {@code add_moment_task} and {@code get_moment_task_result}. Image and video sources
 * are taken as media ids (uploaded beforehand with {@code upload_attachment}; no upload from URLs yet);
 * a link's image, if any, likewise.
 */
final class WeComMoments implements Moments {
    private final WeComCalls calls;

    WeComMoments(WeComCalls calls) {
        this.calls = calls;
    }

    @Override
    public String create(Moment moment) {
        ObjectNode body = calls.api().mapper().createObjectNode();
        if (moment.text() != null && !moment.text().isEmpty()) {
            body.putObject("text").put("content", moment.text());
        }
        ArrayNode attachments = body.putArray("attachments");
        for (Attachment a : moment.attachments()) {
            ObjectNode o = attachments.addObject();
            if (a instanceof Attachment.Image image) {
                o.put("msgtype", "image");
                o.putObject("image").put("media_id", image.source());
            } else if (a instanceof Attachment.Video video) {
                o.put("msgtype", "video");
                o.putObject("video").put("media_id", video.source());
            } else if (a instanceof Attachment.Link link) {
                o.put("msgtype", "link");
                ObjectNode l = o.putObject("link");
                l.put("title", link.title());
                l.put("url", link.url());
                if (link.imageSource() != null) {
                    l.put("media_id", link.imageSource());
                }
            } else {
                throw new ValidationException(FieldError.of("attachments",
                        "WeCom moments take images, a video or a link"));
            }
        }
        ObjectNode range = body.putObject("visible_range");
        if (!moment.senderUserIds().isEmpty()) {
            ArrayNode users = range.putObject("sender_list").putArray("user_list");
            moment.senderUserIds().forEach(users::add);
        }
        if (!moment.tagIds().isEmpty()) {
            ArrayNode tags = range.putObject("external_contact_list").putArray("tag_list");
            moment.tagIds().forEach(tags::add);
        }
        String jobId = calls.post("/externalcontact/add_moment_task", body).path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new ChannelCallException(calls.channel(), null, "add_moment_task answered without a jobid", true);
        }
        return jobId;
    }

    @Override
    public TaskResult result(String jobId) {
        JsonNode answer = calls.get("/externalcontact/get_moment_task_result", Map.of("jobid", jobId));
        JsonNode result = answer.path("result");
        List<String> senders = new ArrayList<>();
        result.path("invalid_sender_list").path("user_list").forEach(u -> senders.add(u.asText()));
        List<String> tags = new ArrayList<>();
        result.path("invalid_external_contact_list").path("tag_list").forEach(t -> tags.add(t.asText()));
        return new TaskResult(jobId, answer.path("status").asInt(0),
                WeComCalls.blankToNull(result.path("moment_id").asText("")), result.path("errcode").asInt(0),
                WeComCalls.blankToNull(result.path("errmsg").asText("")), senders, tags);
    }
}
