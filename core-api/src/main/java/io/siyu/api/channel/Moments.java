package io.siyu.api.channel;

import java.util.List;

/**
 * Posts to customers' moments (WeCom 客户朋友圈): a task the provider hands to the sending staff
 * members, who publish it from their client. Provider errors are {@link ChannelCallException}s.
 */
public interface Moments {
    int MAX_TEXT_LENGTH = 2000;
    int MAX_IMAGES = 9;

    /** Creates the task; returns the provider's job id. The caller has checked the moment against the limits. */
    String create(Moment moment);

    TaskResult result(String jobId);

    /**
     * @param attachments up to {@link #MAX_IMAGES} images, or one video, or one link; an image's or
     *        video's source is a provider media id
     * @param senderUserIds staff members who may publish it; empty for all
     * @param tagIds only customers with one of these corp tags see it; empty for all
     */
    record Moment(String text, List<Attachment> attachments, List<String> senderUserIds, List<String> tagIds) {
        public Moment {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
            senderUserIds = senderUserIds == null ? List.of() : List.copyOf(senderUserIds);
            tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
        }
    }

    /**
     * @param status WeCom: 1 started, 2 running, 3 done
     * @param momentId once done (null before, or when the task failed)
     * @param errorCode the task's own error once done, 0 when it succeeded
     */
    record TaskResult(String jobId, int status, String momentId, int errorCode, String errorMessage,
            List<String> invalidSenders, List<String> invalidTags) {
        public TaskResult {
            invalidSenders = invalidSenders == null ? List.of() : List.copyOf(invalidSenders);
            invalidTags = invalidTags == null ? List.of() : List.copyOf(invalidTags);
        }

        public boolean done() {
            return status == 3;
        }
    }
}
