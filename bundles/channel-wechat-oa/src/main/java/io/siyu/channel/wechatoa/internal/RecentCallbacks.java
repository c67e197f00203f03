package io.siyu.channel.wechatoa.internal;

import io.siyu.api.channel.CallbackRequest;
import io.siyu.channel.kit.VerifiedCallback;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Callbacks recorded recently, so that the platform's retries are recorded once and answered 200
 * instead of refused. WeChat repeats a callback it got no answer to within 5 seconds, three
 * times; a repeat carries the same timestamp and nonce, which the kit's guard refuses as a replay.
 * A refused replay that is byte for byte a callback recorded here (same signature parameters, same
 * body) is that retry: it is handled again, and the event ids make the second recording a
 * duplicate. Anything else under a seen nonce stays refused, which matters in plain mode, where
 * the signature does not cover the body.
 */
final class RecentCallbacks {
    private final int capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(byte[] digest, VerifiedCallback callback) {
    }

    RecentCallbacks(int capacity) {
        this.capacity = capacity;
    }

    synchronized void remember(CallbackRequest request, VerifiedCallback callback) {
        entries.remove(key(request));
        entries.put(key(request), new Entry(digest(request), callback));
        if (entries.size() > capacity) {
            Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The recorded callback this request repeats exactly, or null. */
    synchronized VerifiedCallback repeatOf(CallbackRequest request) {
        Entry e = entries.get(key(request));
        return e != null && MessageDigest.isEqual(e.digest(), digest(request)) ? e.callback() : null;
    }

    synchronized int size() {
        return entries.size();
    }

    private static String key(CallbackRequest request) {
        return request.queryParam("timestamp") + "\n" + request.queryParam("nonce");
    }

    private static byte[] digest(CallbackRequest request) {
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        for (String name : new String[] {"signature", "msg_signature", "timestamp", "nonce", "encrypt_type"}) {
            String v = request.queryParam(name);
            signed.writeBytes((name + "=" + (v == null ? "" : v) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        signed.writeBytes(request.body());
        try {
            return MessageDigest.getInstance("SHA-256").digest(signed.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "RecentCallbacks[" + size() + "]";
    }
}
