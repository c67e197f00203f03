package io.siyu.api.channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Customer group chats (WeCom 客户群) as the provider lists them. Provider errors are {@link ChannelCallException}s. */
public interface GroupChats {
    /** WeCom's largest page. */
    int MAX_LIMIT = 1000;

    /**
     * One page of chats.
     *
     * @param status null for all; WeCom: 0 normal, 1 owner resigned, 2 handover under way, 3 handed over
     * @param ownerUserIds only chats these staff members own; empty for all
     * @param cursor null or empty for the first page
     */
    Page list(Integer status, List<String> ownerUserIds, String cursor, int limit);

    /** @throws ChannelCallException for a chat the provider does not know */
    GroupChat get(String chatId);

    /** @param nextCursor null or empty on the last page */
    record Page(List<Summary> chats, String nextCursor) {
        public Page {
            chats = List.copyOf(chats);
        }
    }

    record Summary(String chatId, int status) {
        public Summary {
            Strings.requireText(chatId, "chatId");
        }
    }

    record GroupChat(String chatId, String name, String owner, Instant createdAt, String notice, List<Member> members) {
        public GroupChat {
            Strings.requireText(chatId, "chatId");
            members = members == null ? List.of() : List.copyOf(members);
        }

        public int memberCount() {
            return members.size();
        }

        /** Members who are customers, not staff. */
        public int externalCount() {
            return (int) members.stream().filter(Member::external).count();
        }
    }

    /**
     * @param type WeCom: 1 staff member, 2 external contact
     * @param joinScene WeCom: 1 invited directly, 2 by link, 3 by QR code
     */
    record Member(String userId, int type, Instant joinTime, int joinScene, String unionid) {
        public Member {
            Objects.requireNonNull(userId, "userId");
        }

        public boolean external() {
            return type == 2;
        }
    }
}
