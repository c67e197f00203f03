package io.siyu.api.channel;

import java.util.Objects;

/**
 * Something sent along with a message's text. A {@code source} is an http(s) URL or a Siyu media id;
 * the adapter uploads it to the provider (WeCom media_id) when the provider needs that.
 */
public sealed interface Attachment {

    record Image(String source) implements Attachment {
        public Image {
            Strings.requireText(source, "source");
        }
    }

    /** A link card; {@code description} and {@code imageSource} may be null. */
    record Link(String title, String url, String description, String imageSource) implements Attachment {
        public Link {
            Strings.requireText(title, "title");
            Strings.requireText(url, "url");
        }
    }

    /** A mini-program card or page; {@code title} and {@code imageSource} may be null where the provider allows. */
    record MiniProgram(String appId, String page, String title, String imageSource) implements Attachment {
        public MiniProgram {
            Strings.requireText(appId, "appId");
            Objects.requireNonNull(page, "page");
        }
    }

    record File(String source) implements Attachment {
        public File {
            Strings.requireText(source, "source");
        }
    }

    record Video(String source) implements Attachment {
        public Video {
            Strings.requireText(source, "source");
        }
    }
}
