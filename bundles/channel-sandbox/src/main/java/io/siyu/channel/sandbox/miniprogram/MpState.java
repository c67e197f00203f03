package io.siyu.channel.sandbox.miniprogram;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulated mini program holds, as plain fields for the state file. Only
 * {@link MpSimulator} touches it, under its lock. Times are epoch milliseconds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class MpState {
    public long sequence;
    public Map<String, Token> tokens = new LinkedHashMap<>();
    /** openid → template id → one-time grants left (wx.requestSubscribeMessage "accept" adds one). */
    public Map<String, Map<String, Integer>> grants = new LinkedHashMap<>();
    /** Every subscribe/send that reached a user: what tests count. */
    public List<Delivery> deliveries = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Token {
        public long expiresAt;
        public long revokedAt;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Delivery {
        public String msgid;
        public String openid;
        public String templateId;
        public String page;
        public String state;
        public String lang;
        public Map<String, String> data = new LinkedHashMap<>();
        public long at;
    }
}
