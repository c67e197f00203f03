package io.siyu.api.channel;

/**
 * Handles provider callbacks for one channel account. The REST layer passes the raw request and
 * writes back the response; everything provider-specific (signature, timestamp window, nonce
 * replay, decryption, receiver id, XML without DTDs) happens here, because only the adapter knows
 * its protocol.
 *
 * <p>Return only once what the callback carries is durably recorded: providers retry otherwise,
 * and a repeated delivery of the same event must be recorded once.
 */
public interface InboundCallback {
    /**
     * Whether requests to {@code /siyu/callback/<type>/<account><path>} are for this handler;
     * {@code path} is empty or starts with {@code /}. By default only the account's own URL is
     * (provider callbacks); adapters that serve more (an unsubscribe link, an ingest endpoint) say so.
     *
     * @since 1.2
     */
    default boolean acceptsPath(String path) {
        return path == null || path.isEmpty();
    }

    /**
     * @throws CallbackRejected when the request is not a genuine callback for this account;
     *         nothing has been recorded
     * @throws io.siyu.api.UnavailableException when it is genuine but cannot be recorded now (the
     *         provider will retry)
     */
    CallbackResponse handle(CallbackRequest request);
}
