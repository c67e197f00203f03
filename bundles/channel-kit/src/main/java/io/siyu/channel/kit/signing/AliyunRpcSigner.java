package io.siyu.channel.kit.signing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aliyun RPC-style request signing, signature version 1.0 with HMAC-SHA1 (channels.md §5), used by
 * the SMS adapter to sign and by the sandbox to check: every parameter but {@code Signature}, sorted
 * by name, names and values percent-encoded (RFC 3986: unreserved {@code A-Za-z0-9-_.~} kept, space
 * {@code %20}, {@code *} {@code %2A}), joined with {@code &}; the string to sign is
 * {@code METHOD&%2F&percentEncode(query)}; the signature is Base64(HMAC-SHA1(secret + "&", it)).
 * Stateless.
 */
public final class AliyunRpcSigner {
    public static final String SIGNATURE = "Signature";

    private AliyunRpcSigner() {
    }

    /** RFC 3986 percent-encoding of UTF-8, as Aliyun wants it. */
    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** The sorted, encoded {@code k=v&…} of every parameter but {@code Signature}. */
    public static String canonicalQuery(Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>(params);
        sorted.remove(SIGNATURE);
        StringJoiner out = new StringJoiner("&");
        sorted.forEach((k, v) -> out.add(percentEncode(k) + "=" + percentEncode(v == null ? "" : v)));
        return out.toString();
    }

    public static String stringToSign(String method, Map<String, String> params) {
        return method.toUpperCase(Locale.ROOT) + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(params));
    }

    public static String signature(String accessKeySecret, String method, Map<String, String> params) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal(stringToSign(method, params).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** The request body (or query) of a signed request: the canonical query plus the encoded signature. */
    public static String signedForm(String accessKeySecret, String method, Map<String, String> params) {
        return canonicalQuery(params) + "&" + SIGNATURE + "=" + percentEncode(signature(accessKeySecret, method, params));
    }
}
