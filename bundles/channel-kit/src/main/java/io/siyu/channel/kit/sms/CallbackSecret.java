package io.siyu.channel.kit.sms;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The check SMS callbacks get. Tencent Cloud and Aliyun sign neither status reports nor replies
 * they push, so the only proof of origin is a secret the operator writes into the callback URL
 * configured at the provider ({@code ?token=…}), over HTTPS. Without a configured secret every
 * callback is refused: an unauthenticated URL would let anyone opt customers out.
 */
public final class CallbackSecret {
    public static final String PARAM = "token";
    private final byte[] secret;

    /** @param secret null or blank: callbacks are refused */
    public CallbackSecret(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret.strip().getBytes(StandardCharsets.UTF_8);
    }

    public boolean configured() {
        return secret != null;
    }

    /** Method, secret and JSON shape, in that order; nothing is recorded for a rejected request. */
    public void check(CallbackRequest request) {
        if (!"POST".equals(request.method())) {
            throw new CallbackRejected(CallbackRejected.Reason.METHOD_NOT_ALLOWED, "SMS callbacks are POST");
        }
        if (secret == null) {
            throw new CallbackRejected(CallbackRejected.Reason.BAD_SIGNATURE,
                    "no callbackToken configured for this account, so no callback can be trusted");
        }
        String given = request.queryParam(PARAM);
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            throw new CallbackRejected(CallbackRejected.Reason.BAD_SIGNATURE, "wrong or missing " + PARAM + " parameter");
        }
    }
}
