package io.siyu.api.channel;

import java.time.Instant;
import java.util.List;

/**
 * Moving external contacts from one staff member to another at the provider (WeCom 在职继承 and
 * 离职继承). WeCom takes {@value #MAX_PER_CALL} contacts per call, completes a transfer after 24
 * hours unless the customer refuses (in service only), and moves one customer in service at most
 * twice in 90 days. Provider errors of the whole call are {@link ChannelCallException}s; per-contact
 * refusals come back as {@link Outcome}s.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CustomerTransfers {
    int MAX_PER_CALL = 100;

    /**
     * @param resigned 离职继承 (the handing-over staff member has left) instead of 在职继承
     * @param message what the customer is shown on an in-service transfer; null for the default
     * @return one outcome per contact, in order
     */
    List<Outcome> transfer(boolean resigned, String handoverUserId, String takeoverUserId,
            List<String> externalUserIds, String message);

    /**
     * Gives group chats whose owner has left to a new owner ({@code groupchat/transfer}), at most
     * {@value #MAX_PER_CALL} per call; unlike contacts they move at once.
     *
     * @return one outcome per chat, the chat id in {@link Outcome#externalUserId()}; errcode 0 when it moved
     * @since 1.3
     */
    List<Outcome> transferGroupChats(List<String> chatIds, String newOwnerUserId);

    /** Where the transfers between the two staff members stand. */
    List<Status> results(boolean resigned, String handoverUserId, String takeoverUserId);

    /** @param errorCode 0 when the provider accepted the transfer of this contact */
    record Outcome(String externalUserId, int errorCode) {
        public boolean accepted() {
            return errorCode == 0;
        }
    }

    /**
     * @param status WeCom: 1 done, 2 waiting, 3 refused by the customer, 4 taker at the customer limit,
     *        5 no record
     * @param takeoverTime when it completed or will complete; null if unknown
     */
    record Status(String externalUserId, int status, Instant takeoverTime) {
    }
}
