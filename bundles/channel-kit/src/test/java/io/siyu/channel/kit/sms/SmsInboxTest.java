package io.siyu.channel.kit.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.UnavailableException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventTypes;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.testing.FakeCore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmsInboxTest {
    private static final Instant AT = Instant.parse("2026-03-01T04:00:00Z");
    private static final ChannelIdentity PHONE = ChannelIdentity.of(IdentityType.PHONE, "+8613800000001");

    @Test
    void anOptOutReplyIsAnEventAndConsentOptedOutOnceHoweverOftenItIsPushed() {
        FakeCore core = new FakeCore();
        SmsInbox inbox = new SmsInbox("sms-tencent/main", "sms", core);
        SmsInbox.Reply td = new SmsInbox.Reply("+8613800000001", " td ", AT, "k1", Map.of("sign", "思语"));
        inbox.reply(td);
        inbox.reply(td);
        assertEquals(1, core.events.ofType(EventTypes.MESSAGE_IN).size());
        assertEquals("TD", core.events.ofType(EventTypes.MESSAGE_IN).get(0).properties().get("optOut"));
        assertEquals(1, core.consents.recorded.size());
        assertEquals(ConsentState.OPTED_OUT, core.consents.recorded.get(0).state());
        assertEquals("sms", core.consents.recorded.get(0).channelType());
        assertEquals("sms-tencent/main:reply:TD", core.consents.recorded.get(0).source());
        assertEquals(core.customerOf(PHONE), core.consents.recorded.get(0).customerId());
    }

    @Test
    void otherRepliesAreOnlyTimelineEvents() {
        FakeCore core = new FakeCore();
        SmsInbox inbox = new SmsInbox("sms-aliyun/main", "sms", core);
        inbox.reply(new SmsInbox.Reply("+8613800000001", "什么时候发货？", AT, "k2", Map.of()));
        assertEquals("什么时候发货？", core.events.ofType(EventTypes.MESSAGE_IN).get(0).properties().get("text"));
        assertTrue(core.consents.recorded.isEmpty());
        assertTrue(core.events.ofType(EventTypes.MESSAGE_IN).get(0).id().startsWith("sms-aliyun:"));
    }

    @Test
    void withoutTheCoreAReplyAsksForTheProvidersRetryAndTheRetryIsRecorded() {
        FakeCore core = new FakeCore();
        SmsInbox inbox = new SmsInbox("sms-tencent/main", "sms", core);
        core.consentsUp = false;
        SmsInbox.Reply td = new SmsInbox.Reply("+8613800000001", "退订", AT, "k3", Map.of());
        assertThrows(UnavailableException.class, () -> inbox.reply(td));
        core.consentsUp = true;
        inbox.reply(td);
        assertEquals(1, core.events.ofType(EventTypes.MESSAGE_IN).size());
        assertEquals(1, core.consents.recorded.size());
        core.reportsUp = false;
        assertThrows(UnavailableException.class, () -> inbox.report(new io.siyu.api.channel.DeliveryStatus(
                "sms-tencent/main", null, "sn", PHONE, io.siyu.api.channel.DeliveryState.DELIVERED, null, null, AT)));
    }
}
