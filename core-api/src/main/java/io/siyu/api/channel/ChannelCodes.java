package io.siyu.api.channel;

import java.util.List;
import java.util.Objects;

/**
 * Provider-side channel codes (WeCom 「联系我」/渠道活码, official-account parameter QR codes): a QR
 * code whose scans come back with a {@code state}, so every new contact is attributed to its entry
 * point. The adapter only talks to the provider; what a code means (tags, welcome message, entry
 * point name) is kept by core.
 */
public interface ChannelCodes {
    /** Creates the code at the provider. Provider errors are {@link ChannelCallException}s. */
    ChannelCode create(Request request);

    /** Deletes it at the provider; deleting one the provider no longer knows is not an error. */
    void delete(String providerCodeId);

    /**
     * @param state comes back on every contact added through the code; at most {@link #MAX_STATE_LENGTH} characters
     * @param staffUserIds the staff members a scan adds (WeCom userids); one for a single code, up to 100
     */
    record Request(String state, String remark, List<String> staffUserIds, boolean skipVerify) {
        public static final int MAX_STATE_LENGTH = 30;

        public Request {
            Strings.requireText(state, "state");
            if (state.length() > MAX_STATE_LENGTH) {
                throw new IllegalArgumentException("state longer than " + MAX_STATE_LENGTH + " characters");
            }
            staffUserIds = staffUserIds == null ? List.of() : List.copyOf(staffUserIds);
        }
    }

    /** @param qrCodeUrl the image a customer scans; may be null where the provider returns none */
    record ChannelCode(String providerCodeId, String state, String qrCodeUrl) {
        public ChannelCode {
            Strings.requireText(providerCodeId, "providerCodeId");
            Objects.requireNonNull(state, "state");
        }
    }
}
