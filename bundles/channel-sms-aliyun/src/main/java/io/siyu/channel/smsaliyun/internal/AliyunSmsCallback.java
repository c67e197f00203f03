package io.siyu.channel.smsaliyun.internal;

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
 * What Aliyun's HTTP batch push (HTTP批量推送模式) posts to
 * {@code /siyu/callback/sms-aliyun/<account>?token=<callbackToken>}: SmsReport (a JSON array of
 * {@code phone_number}, {@code success}, {@code err_code}, {@code biz_id}, {@code out_id},
 * {@code report_time}…) and SmsUp (a JSON array of {@code phone_number}, {@code content},
 * {@code send_time}, {@code sequence_id}…); configure the same URL for both. Aliyun signs neither,
 * so the URL's secret is the only proof of origin ({@link CallbackSecret}).
 *
 * <p>Reports find their message by {@code out_id} (the outbox key sent as OutId) and move that
 * number to delivered or failed; replies go to {@link SmsInbox}. Answered
 * {@code {"code":0,"msg":"接收成功"}} once recorded; 503 when the core cannot record now, so Aliyun
 * pushes again (after 1, 5 and 10 minutes), and a repeated push changes nothing.
 */
final class AliyunSmsCallback implements InboundCallback {
    private static final Logger LOG = Logger.getLogger(AliyunSmsCallback.class.getName());
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final byte[] OK = "{\"code\":0,\"msg\":\"接收成功\"}".getBytes(StandardCharsets.UTF_8);

    private final String channel;
    private final CallbackSecret secret;
    private final SmsInbox inbox;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    AliyunSmsCallback(AliyunSmsSettings settings, CoreServices services, Clock clock) {
        this.channel = AliyunSmsAdapter.TYPE + "/" + settings.account();
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
        if (body == null || !body.isArray()) {
            throw new CallbackRejected(CallbackRejected.Reason.MALFORMED, "a push is a JSON array");
        }
        for (JsonNode item : body) {
            if (item.has("biz_id") || item.has("success")) {
                report(item);
            } else if (item.has("content")) {
                reply(item);
            } else {
                LOG.warning(channel + ": push item that is neither SmsReport nor SmsUp ignored");
            }
        }
        return new CallbackResponse(200, "application/json; charset=utf-8", OK);
    }

    private void report(JsonNode r) {
        String phone = PhoneNumbers.fromCallback(null, r.path("phone_number").asText(null));
        String bizId = r.path("biz_id").asText("");
        String outId = r.path("out_id").asText("");
        if (phone == null || bizId.isEmpty() && outId.isEmpty()) {
            LOG.warning(channel + ": SmsReport without a phone number or ids ignored");
            return;
        }
        boolean delivered = r.path("success").asBoolean(false);
        String code = r.path("err_code").asText("");
        String message = r.path("err_msg").asText("");
        inbox.report(new DeliveryStatus(channel, outId.isEmpty() ? null : outId, bizId.isEmpty() ? null : bizId,
                ChannelIdentity.of(IdentityType.PHONE, phone), delivered ? DeliveryState.DELIVERED : DeliveryState.FAILED,
                delivered ? null : code.isEmpty() ? "UNDELIV" : code,
                delivered ? null : message.isEmpty() ? "not delivered (" + code + ")" : message,
                chinaTime(r.path("report_time").asText(""))));
    }

    private void reply(JsonNode r) {
        String phone = PhoneNumbers.fromCallback(null, r.path("phone_number").asText(null));
        if (phone == null) {
            LOG.warning(channel + ": SmsUp without a phone number ignored");
            return;
        }
        String text = r.path("content").asText("");
        String sequence = r.path("sequence_id").asText("");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("sign", blankToNull(r.path("sign_name").asText("")));
        props.put("destCode", blankToNull(r.path("dest_code").asText("")));
        props.put("sequenceId", blankToNull(sequence));
        String sendTime = r.path("send_time").asText("");
        String key = sequence.isEmpty() ? phone + "\n" + sendTime + "\n" + text : phone + "\n" + sequence;
        inbox.reply(new SmsInbox.Reply(phone, text, chinaTime(sendTime), key, props));
    }

    private Instant chinaTime(String text) {
        try {
            return LocalDateTime.parse(text, LOCAL).atZone(AliyunCodes.CHINA).toInstant();
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
