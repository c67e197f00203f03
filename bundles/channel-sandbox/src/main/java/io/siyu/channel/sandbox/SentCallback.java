package io.siyu.channel.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * One callback as a simulator sent it, kept so it can be listed and sent again byte for byte.
 *
 * @param plainXml the message before it was sealed, so it can be sealed anew
 */
public record SentCallback(Instant at, String kind, String url, Map<String, String> query, byte[] body,
        String plainXml, CallbackTransport.Reply reply) {
}
