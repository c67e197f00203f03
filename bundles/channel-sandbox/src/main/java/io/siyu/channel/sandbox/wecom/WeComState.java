package io.siyu.channel.sandbox.wecom;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulated corp holds, as plain fields so Jackson can keep it in the state file.
 * Only {@link WeComSimulator} touches it, under its lock. Times are epoch milliseconds unless named
 * otherwise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class WeComState {
    public long sequence;
    /** Every access token handed out (and not long expired), so an expired one answers 42001, not 40014. */
    public Map<String, Long> tokens = new LinkedHashMap<>();
    public Map<String, Contact> contacts = new LinkedHashMap<>();
    public Map<String, GroupChat> chats = new LinkedHashMap<>();
    public Map<String, ContactWay> contactWays = new LinkedHashMap<>();
    public Map<String, WelcomeCode> welcomeCodes = new LinkedHashMap<>();
    public Map<String, MassMessage> messages = new LinkedHashMap<>();
    /** Corp tag groups by group_id, deleted ones kept with {@code deleted} set. */
    public Map<String, CorpTagGroup> tagGroups = new LinkedHashMap<>();
    /** Staff members with the customer-contact permission, besides those following a contact. */
    public List<String> staff = new ArrayList<>();
    /** Staff members who have left: the only ones 离职继承 takes contacts from. */
    public List<String> resignedStaff = new ArrayList<>();
    public Map<String, MomentTask> moments = new LinkedHashMap<>();
    /** Whether moment tasks are done at once (else when {@code control/moment} confirms them). */
    public boolean momentsImmediate;
    public List<Transfer> transfers = new ArrayList<>();
    /** What reached whom: the record tests count on. */
    public List<Delivery> deliveries = new ArrayList<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Contact {
        public String externalUserId;
        public String name;
        /** 1 WeChat user, 2 WeCom user. */
        public int type = 1;
        public int gender;
        public String unionid;
        public List<Follow> follows = new ArrayList<>();

        public Follow follow(String userid) {
            for (Follow f : follows) {
                if (f.userid.equals(userid)) {
                    return f;
                }
            }
            return null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Follow {
        public String userid;
        public String remark = "";
        public String description = "";
        /** Epoch seconds, as the API reports it. */
        public long createtime;
        public String state;
        /** 1 scanned a QR code. */
        public int addWay = 1;
        public List<String> tags = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class GroupChat {
        public String chatId;
        public String name;
        public String owner;
        public List<String> members = new ArrayList<>();
        /** 0 normal, 1 owner resigned, 2 handover under way, 3 handed over. */
        public int status;
        /** Epoch seconds. */
        public long createTime;
        public String notice = "";
        /** Epoch seconds per member. */
        public Map<String, Long> joinTimes = new LinkedHashMap<>();
        /** Messages members wrote in the chat (sandbox control), for the group statistics. */
        public List<ChatMessage> messages = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ChatMessage {
        public String sender;
        /** Epoch seconds. */
        public long at;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class CorpTagGroup {
        public String groupId;
        public String groupName;
        public long createTime;
        public int order;
        public boolean deleted;
        public List<CorpTag> tags = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class CorpTag {
        public String id;
        public String name;
        public long createTime;
        public int order;
        public boolean deleted;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class MomentTask {
        public String jobid;
        public long createTime;
        public String text;
        public JsonNode attachments;
        public List<String> senders = new ArrayList<>();
        public List<String> tags = new ArrayList<>();
        /** 1 started, 2 running, 3 done. */
        public int status = 1;
        public String momentId;
        public List<String> invalidSenders = new ArrayList<>();
        public List<String> invalidTags = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Transfer {
        public String externalUserId;
        public String handover;
        public String takeover;
        public boolean resigned;
        /** Epoch seconds. */
        public long requestedAt;
        /** 1 done, 2 waiting, 3 refused by the customer, 4 taker at the customer limit. */
        public int status = 2;
        /** Epoch seconds: when it completes (or completed). */
        public long takeoverTime;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ContactWay {
        public String configId;
        public int type;
        public int scene;
        public int style;
        public String remark;
        public boolean skipVerify;
        public String state;
        public List<String> users = new ArrayList<>();
        public List<Long> parties = new ArrayList<>();
        public boolean temp;
        public long expiresIn;
        public String qrCode;
        public long createdAt;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class WelcomeCode {
        public String code;
        public String externalUserId;
        public String userid;
        public long issuedAt;
        public boolean used;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class MassMessage {
        public String msgid;
        /** single or group. */
        public String chatType;
        public String sender;
        /** Epoch seconds. */
        public long createTime;
        public String text;
        public JsonNode attachments;
        public List<String> failList = new ArrayList<>();
        public boolean cancelled;
        public List<Long> reminders = new ArrayList<>();
        /** Per staff member: 0 not sent, 2 sent. */
        public Map<String, Task> tasks = new LinkedHashMap<>();
        /** Per external_userid or chat_id, in the order given. */
        public Map<String, Result> results = new LinkedHashMap<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Task {
        public int status;
        /** Epoch seconds; 0 while not sent. */
        public long sendTime;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Result {
        public String userid;
        /** 0 not sent, 1 sent, 2 not a friend, 3 receive quota used up. */
        public int status;
        public long sendTime;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Delivery {
        /** mass, group or welcome. */
        public String kind;
        public String msgid;
        /** external_userid, or chat_id for group messages. */
        public String target;
        public String userid;
        public long at;
        /** Asia/Shanghai date, yyyy-MM-dd: the receive quota's day. */
        public String day;
        public String text;
    }
}
