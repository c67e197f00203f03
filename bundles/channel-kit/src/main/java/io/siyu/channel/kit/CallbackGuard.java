package io.siyu.channel.kit;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRejected.Reason;
import io.siyu.api.channel.CallbackRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The checks every WeChat / WeCom callback needs before anything in it is believed: method, size,
 * signature, timestamp window, nonce replay, decryption and receiveid, XML without DTDs.
 *
 * <p>A rejection records nothing: only a callback that passed every check has its (timestamp,
 * nonce) remembered, so forged requests cannot fill the replay memory or block a genuine nonce.
 * Replays are keyed on timestamp and nonce together: the signature binds both, and WeChat's
 * nonces are short random numbers that do repeat by chance at another second. Time comes from
 * the injected {@link Clock}. Thread-safe.
 */
public final class CallbackGuard {
    /** Bound of the replay memory; the only one when the skew check is off. */
    public static final int DEFAULT_MAX_NONCES = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One account's callback settings.
     *
     * @param token the callback token
     * @param encodingAesKey the 43-character EncodingAESKey; null for Official Account plain mode
     * @param receiveId corpid / appid / suite_id the messages must be addressed to; required with a key
     * @param maxSkewSeconds how far a callback's timestamp may be from now; 0 turns the check off
     */
    public record Config(String token, String encodingAesKey, String receiveId, long maxSkewSeconds) {
        public Config {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            if (encodingAesKey != null && (receiveId == null || receiveId.isBlank())) {
                throw new IllegalArgumentException("receiveId is required with an EncodingAESKey");
            }
            if (maxSkewSeconds < 0) {
                throw new IllegalArgumentException("maxSkewSeconds must not be negative");
            }
        }

        public boolean encrypted() {
            return encodingAesKey != null;
        }

        @Override
        public String toString() {
            return "Config[token=***, encodingAesKey=" + (encrypted() ? "***" : "none") + ", receiveId=" + receiveId
                    + ", maxSkewSeconds=" + maxSkewSeconds + "]";
        }
    }

    private final Config config;
    private final WxCrypto crypto; // null in plain mode
    private final Clock clock;
    private final NonceMemory nonces;

    public CallbackGuard(Config config, Clock clock) {
        this(config, clock, DEFAULT_MAX_NONCES);
    }

    /** @throws IllegalArgumentException for a bad EncodingAESKey (the message never repeats it) */
    public CallbackGuard(Config config, Clock clock, int maxNonces) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.crypto = config.encrypted() ? new WxCrypto(config.token(), config.encodingAesKey(), config.receiveId())
                : null;
        this.nonces = new NonceMemory(config.maxSkewSeconds(), maxNonces);
    }

    public Config config() {
        return config;
    }

    // ---- WeCom (and encrypted mode in general) ----

    /**
     * WeCom URL verification: {@code GET ?msg_signature&timestamp&nonce&echostr}.
     *
     * @return the decrypted echostr, to be answered as the whole plain-text body
     */
    public String verifyUrl(CallbackRequest request) {
        return verifyUrl(request.method(), firstValues(request));
    }

    /** {@link #verifyUrl(CallbackRequest)} from the method and URL-decoded query parameters. */
    public String verifyUrl(String method, Map<String, String> query) {
        requireMethod(method, "GET");
        WxCrypto c = requireCrypto();
        // base64 has no spaces: a '+' turned into ' ' by form decoding is put back
        String echostr = required(query, "echostr").replace(' ', '+');
        Signed signed = signedParams(query, "msg_signature");
        c.verify(signed.signature, signed.timestamp, signed.nonce, echostr);
        checkSkew(signed.timestamp);
        checkNotSeen(signed);
        String plain = c.decrypt(echostr);
        remember(signed);
        return plain;
    }

    /**
     * An encrypted callback: WeCom, or an Official Account in safe mode. {@code POST
     * ?msg_signature&timestamp&nonce} with {@code <xml><Encrypt>…</Encrypt>…</xml>}.
     *
     * @return the decrypted message's fields
     */
    public VerifiedCallback openEncrypted(CallbackRequest request) {
        return openEncrypted(request.method(), firstValues(request), request.body());
    }

    /** {@link #openEncrypted(CallbackRequest)} from raw parts; the body is checked for size here too. */
    public VerifiedCallback openEncrypted(String method, Map<String, String> query, byte[] body) {
        requireMethod(method, "POST");
        requireSize(body);
        WxCrypto c = requireCrypto();
        Signed signed = signedParams(query, "msg_signature");
        String encrypt = SafeXml.parse(body).get("Encrypt");
        if (encrypt == null || encrypt.isEmpty()) {
            throw new CallbackRejected(Reason.MALFORMED, "no Encrypt element");
        }
        c.verify(signed.signature, signed.timestamp, signed.nonce, encrypt);
        checkSkew(signed.timestamp);
        checkNotSeen(signed);
        Map<String, String> fields = SafeXml.parse(c.decrypt(encrypt));
        remember(signed);
        return new VerifiedCallback(fields, signed.timestamp, signed.nonce);
    }

    /**
     * A passive reply for an encrypted account: {@code <xml><Encrypt/><MsgSignature/><TimeStamp/>
     * <Nonce/></xml>} around {@code replyXml} (e.g. from {@link SafeXml#write}), stamped now.
     */
    public String encryptReply(String replyXml) {
        return encryptReply(replyXml, Long.toString(clock.instant().getEpochSecond()),
                Long.toString(1_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 9_000_000_000L),
                requireCrypto().encrypt(replyXml));
    }

    String encryptReply(String replyXml, String timestamp, String nonce, String encrypted) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Encrypt", encrypted);
        reply.put("MsgSignature", requireCrypto().signature(timestamp, nonce, encrypted));
        reply.put("TimeStamp", Long.parseLong(timestamp));
        reply.put("Nonce", nonce);
        return SafeXml.write(reply);
    }

    // ---- Official Account plain mode ----

    /**
     * Official Account URL verification: {@code GET ?signature&timestamp&nonce&echostr}. Also used by
     * safe-mode accounts, whose URL check is plain too.
     *
     * @return echostr as sent, to be answered as the whole body
     */
    public String verifyPlainUrl(CallbackRequest request) {
        return verifyPlainUrl(request.method(), firstValues(request));
    }

    public String verifyPlainUrl(String method, Map<String, String> query) {
        requireMethod(method, "GET");
        String echostr = required(query, "echostr");
        Signed signed = checkPlain(query);
        remember(signed);
        return echostr;
    }

    /**
     * An Official Account plain-mode message: {@code POST ?signature&timestamp&nonce} with the
     * message XML as the body. The signature covers only token, timestamp and nonce (the
     * provider's design), so the skew and replay checks carry more weight here.
     */
    public VerifiedCallback openPlain(CallbackRequest request) {
        return openPlain(request.method(), firstValues(request), request.body());
    }

    public VerifiedCallback openPlain(String method, Map<String, String> query, byte[] body) {
        requireMethod(method, "POST");
        requireSize(body);
        Signed signed = checkPlain(query);
        Map<String, String> fields = SafeXml.parse(body);
        remember(signed);
        return new VerifiedCallback(fields, signed.timestamp, signed.nonce);
    }

    /** {@link #openEncrypted} when the account has an EncodingAESKey, {@link #openPlain} otherwise. */
    public VerifiedCallback open(CallbackRequest request) {
        return config.encrypted() ? openEncrypted(request) : openPlain(request);
    }

    /**
     * Forgets an accepted callback's nonce. Call it when what the callback carries could not be
     * recorded (the request is answered with an error), so the provider's retry is not refused
     * as a replay.
     */
    public void release(VerifiedCallback callback) {
        nonces.forget(key(callback.timestamp(), callback.nonce()));
    }

    /** How many callbacks the replay memory holds now; for tests and diagnostics. */
    int rememberedNonces() {
        return nonces.size(clock.instant().getEpochSecond());
    }

    // ---- the checks ----

    private record Signed(String signature, String timestamp, String nonce) {
    }

    private Signed checkPlain(Map<String, String> query) {
        Signed signed = signedParams(query, "signature");
        if (!WxCrypto.signaturesEqual(WxCrypto.plainSignature(config.token(), signed.timestamp, signed.nonce),
                signed.signature)) {
            throw new CallbackRejected(Reason.BAD_SIGNATURE, "signature does not match");
        }
        checkSkew(signed.timestamp);
        checkNotSeen(signed);
        return signed;
    }

    private static Signed signedParams(Map<String, String> query, String signatureParam) {
        String signature = query.get(signatureParam);
        if (signature == null || signature.isEmpty()) {
            throw new CallbackRejected(Reason.BAD_SIGNATURE, "no " + signatureParam);
        }
        return new Signed(signature, required(query, "timestamp"), required(query, "nonce"));
    }

    private void checkSkew(String timestamp) {
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new CallbackRejected(Reason.MALFORMED, "timestamp is not a number");
        }
        long skew = config.maxSkewSeconds();
        if (skew > 0) {
            long off = Math.abs(clock.instant().getEpochSecond() - ts);
            if (off > skew) {
                throw new CallbackRejected(Reason.STALE_TIMESTAMP,
                        "timestamp is " + off + " s from now, more than " + skew + " s");
            }
        }
    }

    /** Early and cheap; {@link #remember} repeats it atomically once everything else has passed. */
    private void checkNotSeen(Signed signed) {
        if (nonces.contains(key(signed.timestamp, signed.nonce), clock.instant().getEpochSecond())) {
            throw new CallbackRejected(Reason.REPLAYED, "nonce already seen");
        }
    }

    private void remember(Signed signed) {
        if (!nonces.remember(key(signed.timestamp, signed.nonce), clock.instant().getEpochSecond())) {
            throw new CallbackRejected(Reason.REPLAYED, "nonce already seen");
        }
    }

    private static String key(String timestamp, String nonce) {
        return timestamp + '\n' + nonce;
    }

    private static void requireMethod(String method, String expected) {
        if (method == null || !expected.equalsIgnoreCase(method)) {
            throw new CallbackRejected(Reason.METHOD_NOT_ALLOWED, "expected " + expected);
        }
    }

    private static void requireSize(byte[] body) {
        if (body != null && body.length > CallbackRequest.MAX_BODY_BYTES) {
            throw new CallbackRejected(Reason.TOO_LARGE, body.length + " bytes");
        }
        if (body == null || body.length == 0) {
            throw new CallbackRejected(Reason.MALFORMED, "empty body");
        }
    }

    private WxCrypto requireCrypto() {
        if (crypto == null) {
            throw new IllegalStateException("this account has no EncodingAESKey (plain mode)");
        }
        return crypto;
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new CallbackRejected(Reason.MALFORMED, "no " + name);
        }
        return value;
    }

    private static Map<String, String> firstValues(CallbackRequest request) {
        Map<String, String> first = new LinkedHashMap<>();
        request.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                first.put(k, v.get(0));
            }
        });
        return first;
    }

    @Override
    public String toString() {
        return "CallbackGuard[" + config + "]";
    }
}
