package io.siyu.channel.kit.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256 (channels.md §5), used by the SMS adapter
 * to sign and by the sandbox to check. The canonical request is
 * {@code METHOD\n/\nquery\n<name:value\n per signed header, sorted>\n<signed names joined by ;>\nhex(SHA256(payload))};
 * the key is derived from {@code "TC3" + SecretKey} through the UTC date, the service and
 * {@code tc3_request}. Stateless.
 */
public final class Tc3Signer {
    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{4}-\\d{2}-\\d{2})/([^/,\\s]+)/tc3_request,\\s*"
                    + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");

    private Tc3Signer() {
    }

    /** Every step of one signature, so tests can compare each with the documented vector. */
    public record Signature(String hashedPayload, String canonicalRequest, String hashedCanonicalRequest,
            String credentialScope, String stringToSign, String signature, String signedHeaders,
            String authorization) {
    }

    /** What an {@code Authorization} header claims: the id, scope and signed headers, and the signature. */
    public record Claimed(String secretId, String date, String service, String signedHeaders, String signature) {
    }

    /**
     * @param headers the headers to sign, any case; their values as sent (e.g. {@code content-type},
     *        {@code host})
     * @param query the canonical query string, empty for POST
     */
    public static Signature sign(String secretId, String secretKey, String service, String method, String query,
            Map<String, String> headers, byte[] payload, long timestamp) {
        Objects.requireNonNull(secretKey, "secretKey");
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v.strip()));
        StringBuilder canonicalHeaders = new StringBuilder();
        sorted.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.toLowerCase(Locale.ROOT)).append('\n'));
        String signedHeaders = String.join(";", sorted.keySet());
        String hashedPayload = sha256Hex(payload);
        String canonicalRequest = method.toUpperCase(Locale.ROOT) + "\n/\n" + (query == null ? "" : query) + "\n"
                + canonicalHeaders + "\n" + signedHeaders + "\n" + hashedPayload;
        String date = DATE.format(Instant.ofEpochSecond(timestamp));
        String scope = date + "/" + service + "/tc3_request";
        String hashedCanonical = sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        String stringToSign = ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + hashedCanonical;
        byte[] secretDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, service);
        byte[] secretSigning = hmac(secretService, "tc3_request");
        String signature = HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
        String authorization = ALGORITHM + " Credential=" + secretId + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
        return new Signature(hashedPayload, canonicalRequest, hashedCanonical, scope, stringToSign, signature,
                signedHeaders, authorization);
    }

    /** Reads an {@code Authorization} header; null when it is not a TC3-HMAC-SHA256 one. */
    public static Claimed parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = AUTHORIZATION.matcher(authorization.strip());
        return m.matches() ? new Claimed(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)) : null;
    }

    /** The UTC date of a timestamp, as the credential scope names it. */
    public static String date(long timestamp) {
        return DATE.format(Instant.ofEpochSecond(timestamp));
    }

    /** Compares signatures in constant time. */
    public static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
