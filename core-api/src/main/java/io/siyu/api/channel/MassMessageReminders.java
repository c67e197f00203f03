package io.siyu.api.channel;

/**
 * Reminds the staff member who must confirm a mass or 1:1 message in their client (WeCom's
 * {@code remind_groupmsg_send}: at most 3 reminders per message in 24 hours).
 *
 * @since 1.5
 */
public interface MassMessageReminders {
    /**
     * @param providerMessageId the message's id at the provider ({@link OutboxEntry#providerMessageId()})
     * @return true if the reminder went out; false if the provider refused it for this message (its
     *         reminder limit reached, or a message it does not know)
     * @throws ChannelCallException when the provider could not be asked
     */
    boolean remind(String providerMessageId);
}
