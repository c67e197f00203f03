package io.siyu.channel.sandbox.oa;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulated Official Account holds, as plain fields so Jackson can keep it in the
 * state file. Only {@link OaSimulator} touches it, under its lock. Times are epoch milliseconds
 * unless named otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class OaState {
    /** Source of template msgids, mass msg_ids and message MsgIds. */
    public long sequence;
    /** Tag ids 0–2 are the platform's own (黑名单, 星标组…); created tags start above them. */
    public long nextTagId = 100;
    /** Every access token handed out (and not long expired), so an old one answers 42001 or 40001, not 40014. */
    public Map<String, Token> tokens = new LinkedHashMap<>();
    public Map<String, Follower> followers = new LinkedHashMap<>();
    public Map<Long, Tag> tags = new LinkedHashMap<>();
    /** By ticket. */
    public Map<String, QrCode> qrCodes = new LinkedHashMap<>();
    public List<MassSend> massSends = new ArrayList<>();
    /** What reached whom: the record tests count on. */
    public List<Delivery> deliveries = new ArrayList<>();
    /** Every subscribe and unsubscribe, oldest first: what the datacube's user figures are computed from. */
    public List<FollowChange> followHistory = new ArrayList<>();
    /** Article page reads and shares (sandbox control {@code read}): what getuserread counts. */
    public List<ArticleRead> articleReads = new ArrayList<>();
    /** Job-finish events not POSTed yet, oldest first. */
    public List<PendingJob> pendingJobs = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Token {
        public long expiresAt;
        /** When a newer token replaced it (plus the documented 5-minute overlap); 0 while it is current. */
        public long revokedAt;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Follower {
        public String openid;
        public String unionid;
        public String nickname = "";
        public boolean subscribed;
        /** Epoch seconds of the last subscribe. */
        public long subscribeTime;
        /** ADD_SCENE_QR_CODE, ADD_SCENE_SEARCH, … */
        public String subscribeScene = "ADD_SCENE_SEARCH";
        public String qrSceneStr = "";
        public List<Long> tagIds = new ArrayList<>();
        /** The user refuses this account's messages: templates fail with "failed:user block", mass skips them. */
        public boolean blocked;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Tag {
        public long id;
        public String name;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class QrCode {
        public String ticket;
        public String actionName;
        public String sceneStr;
        public long sceneId;
        /** Epoch milliseconds; 0 for permanent codes. */
        public long expiresAt;
        public String url;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class MassSend {
        public long msgId;
        public long msgDataId;
        /** Epoch seconds. */
        public long createTime;
        /** null when sent to all followers. */
        public Long tagId;
        /** The sender's own id for the send ({@code clientmsgid}), so a repeat is recognised. */
        public String clientMsgId;
        public String msgType;
        public String text;
        public int totalCount;
        public int filterCount;
        public int sentCount;
        public int errorCount;
        public String status;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Delivery {
        /** template or mass. */
        public String kind;
        public String msgid;
        public String openid;
        public long at;
        /** Asia/Shanghai month, yyyy-MM: the service-account quota's period. */
        public String month;
        /** Asia/Shanghai date, yyyy-MM-dd. */
        public String day;
        /** The text of a mass message, the template id of a template message. */
        public String text;
        /** A template message's {@code client_msg_id}, if it had one. */
        public String clientMsgId;
        /** success, or why it did not reach the follower (e.g. failed:user block). */
        public String status = "success";
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class PendingJob {
        /** TEMPLATESENDJOBFINISH or MASSSENDJOBFINISH. */
        public String event;
        public String msgid;
        public String openid;
        /** The event's plain XML, as it will be sealed. */
        public String xml;
        public long dueAt;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class FollowChange {
        public String openid;
        /** Epoch seconds. */
        public long at;
        public boolean subscribe;
        /** The follow channel ({@code user_source} of getusersummary) of the subscription this change starts or ends. */
        public int source;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ArticleRead {
        public String openid;
        /** Epoch seconds. */
        public long at;
        /** Where the reader came from ({@code user_source} of getuserread): 0 session, 1 friends, 2 moments, … */
        public int source;
        /** A share rather than a read. */
        public boolean share;
    }
}
