package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.SendResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Message content in WeCom's JSON: {@code text.content} and {@code attachments[]} of
 * {@code add_msg_template} and {@code send_welcome_msg}.
 *
 * <p>Attachment sources: an http(s) image becomes {@code pic_url}; any other source is taken as a
 * WeCom {@code media_id} already uploaded. Videos, files and mini-program covers need a media_id:
 * uploading from a URL is not done here, so an http(s) source for them is refused.
 */
final class MessageJson {
    static final int MAX_TEXT_BYTES = 4_000;
    static final int MAX_ATTACHMENTS = 9;

    private MessageJson() {
    }

    /** Writes the content into {@code body}; a failure when WeCom cannot carry it (nothing to retry). */
    static SendResult.PermanentFailure fill(ObjectNode body, MessageContent content) {
        if (!(content instanceof MessageContent.Text text)) {
            return new SendResult.PermanentFailure("unsupported-content", "WeCom sends text and attachments, not templates");
        }
        if (text.text().getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            return new SendResult.PermanentFailure("content-too-long", "text over " + MAX_TEXT_BYTES + " bytes");
        }
        if (text.attachments().size() > MAX_ATTACHMENTS) {
            return new SendResult.PermanentFailure("too-many-attachments", "more than " + MAX_ATTACHMENTS + " attachments");
        }
        if (!text.text().isEmpty()) {
            body.putObject("text").put("content", text.text());
        }
        if (!text.attachments().isEmpty()) {
            ArrayNode list = body.putArray("attachments");
            for (Attachment a : text.attachments()) {
                SendResult.PermanentFailure problem = attachment(list.addObject(), a);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static SendResult.PermanentFailure attachment(ObjectNode out, Attachment a) {
        if (a instanceof Attachment.Image image) {
            out.put("msgtype", "image");
            out.putObject("image").put(isUrl(image.source()) ? "pic_url" : "media_id", image.source());
        } else if (a instanceof Attachment.Link link) {
            out.put("msgtype", "link");
            ObjectNode l = out.putObject("link");
            l.put("title", link.title());
            if (link.imageSource() != null) {
                l.put("picurl", link.imageSource());
            }
            if (link.description() != null) {
                l.put("desc", link.description());
            }
            l.put("url", link.url());
        } else if (a instanceof Attachment.MiniProgram mp) {
            if (mp.title() == null || mp.title().isBlank()) {
                return new SendResult.PermanentFailure("incomplete-attachment", "a WeCom mini-program card needs a title");
            }
            if (mp.imageSource() == null || isUrl(mp.imageSource())) {
                return new SendResult.PermanentFailure("attachment-needs-media-id",
                        "a WeCom mini-program card needs its cover as a WeCom media_id");
            }
            out.put("msgtype", "miniprogram");
            out.putObject("miniprogram").put("title", mp.title()).put("pic_media_id", mp.imageSource())
                    .put("appid", mp.appId()).put("page", mp.page());
        } else if (a instanceof Attachment.Video video) {
            return media(out, "video", video.source());
        } else if (a instanceof Attachment.File file) {
            return media(out, "file", file.source());
        }
        return null;
    }

    private static SendResult.PermanentFailure media(ObjectNode out, String type, String source) {
        if (isUrl(source)) {
            return new SendResult.PermanentFailure("attachment-needs-media-id",
                    "a WeCom " + type + " attachment needs a WeCom media_id, not a URL");
        }
        out.put("msgtype", type);
        out.putObject(type).put("media_id", source);
        return null;
    }

    static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }
}
