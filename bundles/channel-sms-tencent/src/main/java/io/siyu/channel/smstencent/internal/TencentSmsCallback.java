package io.siyu.channel.smstencent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.InboundCallback;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.channel.kit.core.CoreServices;
import io.siyu.channel.kit.sms.CallbackSecret;
import io.siyu.channel.kit.sms.PhoneNumbers;
import io.siyu.channel.kit.sms.SmsInbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What Tencent Cloud SMS pushes to {@code /siyu/callback/sms-tencent/<account>?token=<callbackToken>}:
 * status reports (短信下发状态通知, a JSON array of {@code sid}, {@code mobile}, {@code nationcode},
 * {@code report_status}, {@code errmsg}, {@code user_receive_time}) and replies (短信回复, a JSON
 * object of {@code mobile}, {@code nationcode}, {@code text}, {@code sign}, {@code time},
 * {@code extend}). Configure the same URL for both in the console. Tencent Cloud signs neither, so
 * the URL's secret is the only proof of origin ({@link CallbackSecret}).
 *
 * <p>Reports move the recipient named by its SerialNo ({@code sid}) to delivered or failed; replies
 * go to {@link SmsInbox} (an event, and consent for TD/T/N/退订). Everything is recorded before the
 * answer {@code {"result":0,"errmsg":"OK"}}; a push that cannot be recorded now answers 503, so
 * Tencent Cloud pushes it again, and a repeated push changes nothing.
 */
final class TencentSmsCallback implements InboundCallback {
    private static final Logger LOG = Logger.getLogger(TencentSmsCallback.class.getName());
    private static final DateTimeFormatter RECEIVE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final byte[] OK = "{\"result\":0,\"errmsg\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    private final String channel;
    private final CallbackSecret secret;
    private final SmsInbox inbox;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    TencentSmsCallback(TencentSmsSettings settings, CoreServices services, Clock clock) {
        this.channel = TencentSmsAdapter.TYPE + "/" + settings.account();
        this.secret = new CallbackSecret(settings.callbackToken());
        this.inbox = new SmsInbox(channel, settings.consentChannel(), services);
        this.clock = clock;
    }

    @Override
    public CallbackResponse handle(CallbackRequest request) {
        secret.check(request);
        JsonNode body;
        try {
            body = mapper.readTree(request.body());
        } catch (IOException e) {
            throw new CallbackRejected(CallbackRejected.Reason.MALFORMED, "not JSON");
        }
        if (body != null && body.isArray()) {
            for (JsonNode report : body) {
                report(report);
            }
        } else if (body != null && body.isObject() && body.has("text")) {
            reply(body);
        } else {
            throw new CallbackRejected(CallbackRejected.Reason.MALFORMED,
                    "neither a status report (array) nor a reply (object with text)");
        }
        return new CallbackResponse(200, "application/json; charset=utf-8", OK);
    }

    private void report(JsonNode r) {
        String sid = r.path("sid").asText("");
        String phone = PhoneNumbers.fromCallback(r.path("nationcode").asText(null), r.path("mobile").asText(null));
        if (sid.isEmpty() || phone == null) {
            LOG.warning(channel + ": status report without sid or a phone number ignored");
            return;
        }
        boolean delivered = "SUCCESS".equalsIgnoreCase(r.path("report_status").asText(""));
        String code = r.path("errmsg").asText("");
        String description = r.path("description").asText("");
        inbox.report(new DeliveryStatus(channel, null, sid, ChannelIdentity.of(IdentityType.PHONE, phone),
                delivered ? DeliveryState.DELIVERED : DeliveryState.FAILED, delivered ? null : code.isEmpty() ? "FAIL" : code,
                delivered ? null : description.isEmpty() ? "not delivered (" + code + ")" : description,
                chinaTime(r.path("user_receive_time").asText(""))));
    }

    private void reply(JsonNode r) {
        String phone = PhoneNumbers.fromCallback(r.path("nationcode").asText(null), r.path("mobile").asText(null));
        if (phone == null) {
            LOG.warning(channel + ": reply without a phone number ignored");
            return;
        }
        long time = r.path("time").asLong(0);
        Instant at = time > 0 ? Instant.ofEpochSecond(time) : clock.instant();
        String text = r.path("text").asText("");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("sign", blankToNull(r.path("sign").asText("")));
        props.put("extend", blankToNull(r.path("extend").asText("")));
        String key = phone + "\n" + time + "\n" + r.path("sign").asText("") + "\n" + text;
        inbox.reply(new SmsInbox.Reply(phone, text, at, key, props));
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in China; now when missing or unreadable. */
    private Instant chinaTime(String text) {
        try {
            return LocalDateTime.parse(text, RECEIVE_TIME).atZone(TencentCodes.CHINA).toInstant();
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
