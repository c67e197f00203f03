package io.siyu.api.channel;

import io.siyu.api.org.Caller;
import java.util.List;

/**
 * Channel codes (渠道活码) as operators manage them: a QR code at the provider plus what it means in
 * Siyu. A contact added through a code is attributed to its entry point (the {@code entryPoint} and
 * {@code sourceChannel} attributes, first touch wins), gets the code's tags, and receives its welcome
 * message within the provider's window (WeCom: 20 seconds).
 */
public interface ChannelCodeService {
    /**
     * Creates the code at the provider and stores it.
     *
     * @throws io.siyu.api.ValidationException for a bad draft, a channel that is not running or has no channel codes
     * @throws ChannelCallException when the provider refuses
     */
    ChannelCodeInfo create(Caller caller, ChannelCodeDraft draft);

    /** Ordered by id. */
    List<ChannelCodeInfo> list(Caller caller);

    ChannelCodeInfo get(Caller caller, long id);

    /** Deletes it at the provider (if its channel is running) and here; past attribution stays. */
    void delete(Caller caller, long id);
}
