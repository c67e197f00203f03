package io.siyu.channel.kit.sms;

import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message's recipients as the SMS providers take them, and the one result the outbox gets back.
 * Both providers refuse to mix mainland and international numbers in one call.
 */
public final class SmsRecipients {
    private SmsRecipients() {
    }

    /**
     * The recipients' E.164 numbers, each with the identities that have it, in calls of one kind:
     * mainland numbers, then international ones (only the kinds there are). A recipient that is not a
     * phone number gets its permanent failure in {@code results} instead.
     */
    public static List<Map<String, List<ChannelIdentity>>> byRegion(List<ChannelIdentity> recipients,
            Map<ChannelIdentity, SendResult> results) {
        Map<String, List<ChannelIdentity>> mainland = new LinkedHashMap<>();
        Map<String, List<ChannelIdentity>> abroad = new LinkedHashMap<>();
        for (ChannelIdentity r : recipients) {
            String phone = r.type() == IdentityType.PHONE ? PhoneNumbers.e164(r.value()) : null;
            if (phone == null) {
                results.put(r, new SendResult.PermanentFailure("siyu.phone",
                        "not a phone number in E.164 (e.g. +8613800138000): " + r));
            } else {
                (PhoneNumbers.mainland(phone) ? mainland : abroad).computeIfAbsent(phone, k -> new ArrayList<>()).add(r);
            }
        }
        return List.of(mainland, abroad).stream().filter(group -> !group.isEmpty()).toList();
    }

    /**
     * One result for the outbox: the failure itself when every recipient failed the same way (a call
     * refused as a whole, no answer), one transient failure waiting the longest when every recipient
     * failed transiently, otherwise the call accepted with each recipient's own result.
     *
     * @param callId the provider's id for the call (the first, when there were several)
     */
    public static SendResult summary(String callId, Map<ChannelIdentity, SendResult> results) {
        SendResult first = results.values().iterator().next();
        boolean allSame = !(first instanceof SendResult.Accepted)
                && results.values().stream().allMatch(r -> r.equals(first));
        if (allSame) {
            return first;
        }
        boolean allTransient = results.values().stream().allMatch(r -> r instanceof SendResult.TransientFailure);
        if (allTransient) {
            SendResult.TransientFailure t = (SendResult.TransientFailure) first;
            Duration longest = results.values().stream().map(r -> ((SendResult.TransientFailure) r).retryAfter())
                    .filter(Objects::nonNull).max(Duration::compareTo).orElse(null);
            return new SendResult.TransientFailure(t.providerCode(), t.message(), longest);
        }
        return SendResult.Accepted.perRecipient(callId, results);
    }
}
