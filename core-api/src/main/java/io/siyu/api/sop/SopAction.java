package io.siyu.api.sop;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.org.StaffTask;
import io.siyu.api.policy.TouchScenario;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Something an SOP step does to or for its customer. */
public sealed interface SopAction {

    /**
     * Sends through the outbox to the customer's identity on that channel account, as the staff
     * member who owns the customer, after the touch policy allows it; a blocked send is recorded on
     * the instance, not retried. Quiet hours are the exception: they only delay, so the step waits
     * until the policy's {@code allowedFrom} and asks again.
     */
    record SendMessage(String channelType, String channelAccount, MessageKind kind, MessageContent content,
            TouchScenario scenario) implements SopAction {
        public SendMessage {
            Checks.text(channelType, "channelType");
            Checks.text(channelAccount, "channelAccount");
            Objects.requireNonNull(kind, "kind");
            Checks.require(kind != MessageKind.GROUP && kind != MessageKind.WELCOME, "kind",
                    "an SOP sends to its customer: " + kind + " is not for that");
            Objects.requireNonNull(content, "content");
        }
    }

    record ChangeTags(Set<Long> add, Set<Long> remove) implements SopAction {
        public ChangeTags {
            add = add == null ? Set.of() : Set.copyOf(add);
            remove = remove == null ? Set.of() : Set.copyOf(remove);
            Checks.require(!add.isEmpty() || !remove.isEmpty(), "add", "add or remove at least one tag");
            Set<Long> both = new HashSet<>(add);
            both.retainAll(remove);
            Checks.require(both.isEmpty(), "remove", "tags both added and removed: " + both);
        }
    }

    /** @param value the new value, checked against the attribute schema; null removes the attribute */
    record SetAttribute(String attribute, Object value) implements SopAction {
        public SetAttribute {
            Checks.text(attribute, "attribute");
        }
    }

    /**
     * A task for the customer's owner.
     *
     * @param script what to say (话术)
     * @param dueIn from the moment the step runs; null for no deadline
     */
    record CreateTask(StaffTask.Kind kind, String title, String script, Duration dueIn, StaffTask.Priority priority)
            implements SopAction {
        public CreateTask {
            Objects.requireNonNull(kind, "kind");
            Checks.text(title, "title");
            script = script == null ? "" : script;
            Checks.require(dueIn == null || !dueIn.isNegative(), "dueIn", "must not be negative");
            priority = priority == null ? StaffTask.Priority.NORMAL : priority;
        }
    }

    /**
     * Sends into customer group chats — a class's parents, a store's members — as one group message
     * per chat through the outbox, for group and schedule SOPs (it needs no customer). A chat gets at
     * most one group message per brand calendar day (WeCom's receive quota for customer groups);
     * quiet hours delay it like a 1:1 send.
     *
     * @param senderStaffId who sends (WeCom: the group owner, who confirms in the client); null lets
     *        the channel pick the chats' owners
     * @since 1.2
     */
    record SendToGroups(String channelType, String channelAccount, List<String> groupChatIds, String senderStaffId,
            MessageContent content) implements SopAction {
        public static final int MAX_GROUPS = 2000;

        public SendToGroups {
            Checks.text(channelType, "channelType");
            Checks.text(channelAccount, "channelAccount");
            Checks.require(groupChatIds != null && !groupChatIds.isEmpty(), "groupChatIds", "name at least one group chat");
            Checks.require(groupChatIds.size() <= MAX_GROUPS, "groupChatIds", "at most " + MAX_GROUPS + " group chats");
            Checks.require(groupChatIds.stream().allMatch(c -> c != null && !c.isBlank() && c.length() <= 64),
                    "groupChatIds", "group chat ids are 1–64 characters");
            groupChatIds = List.copyOf(new java.util.LinkedHashSet<>(groupChatIds));
            Objects.requireNonNull(content, "content");
        }
    }

    /** Invites the customer to a group chat (WeCom: the owner sends the group's invitation). */
    record InviteToGroup(String channelType, String channelAccount, String groupChatId) implements SopAction {
        public InviteToGroup {
            Checks.text(channelType, "channelType");
            Checks.text(channelAccount, "channelAccount");
            Checks.text(groupChatId, "groupChatId");
        }
    }

    /**
     * POSTs the instance, step and customer id as JSON, with an idempotency key header so the
     * receiver can ignore a repeat after a crash.
     */
    record CallWebhook(URI url) implements SopAction {
        public CallWebhook {
            Objects.requireNonNull(url, "url");
            Checks.require("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()),
                    "url", "must be http or https");
        }
    }
}
