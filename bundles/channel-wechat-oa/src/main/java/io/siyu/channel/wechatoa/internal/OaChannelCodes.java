package io.siyu.channel.wechatoa.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ChannelCodes;
import io.siyu.api.channel.SendResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Parameter QR codes: {@code qrcode/create} with {@code QR_LIMIT_STR_SCENE} and {@code scene_str} =
 * the code's state. A follower who scans it arrives with {@code EventKey qrscene_<state>}
 * (subscribe) or {@code <state>} (SCAN), which becomes the event's {@code channelCode}.
 *
 * <p>Permanent codes cannot be deleted at the platform (it keeps at most 100,000 per account), so
 * {@link #delete} only forgets; asking again for a state gives the same ticket.
 */
final class OaChannelCodes implements ChannelCodes {
    private static final String SHOW_QR = "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=";

    private final OaSettings settings;
    private final OaApi api;
    private final String channel;

    OaChannelCodes(OaSettings settings, OaApi api, String channel) {
        this.settings = settings;
        this.api = api;
        this.channel = channel;
    }

    @Override
    public ChannelCode create(Request request) {
        ObjectNode body = api.client().mapper().createObjectNode();
        body.put("action_name", "QR_LIMIT_STR_SCENE");
        body.putObject("action_info").putObject("scene").put("scene_str", request.state());
        OaApi.Outcome created = api.post("/qrcode/create", body);
        if (!created.ok()) {
            SendResult failure = api.failure(created);
            if (failure instanceof SendResult.TransientFailure t) {
                throw new ChannelCallException(channel, t.providerCode(), t.message(), true);
            }
            SendResult.PermanentFailure p = (SendResult.PermanentFailure) failure;
            throw new ChannelCallException(channel, p.providerCode(), p.message(), false);
        }
        String ticket = created.result().body().path("ticket").asText("");
        if (ticket.isEmpty()) {
            throw new ChannelCallException(channel, null, "qrcode/create answered without a ticket", true);
        }
        return new ChannelCode(ticket, request.state(), imageUrl(ticket));
    }

    @Override
    public void delete(String providerCodeId) {
        // permanent parameter QR codes live as long as the account; there is nothing to delete
    }

    /** The QR image: mp.weixin.qq.com for the real platform, the same path below a sandbox's base. */
    String imageUrl(String ticket) {
        String encoded = URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        return OaSettings.DEFAULT_API_BASE.equals(settings.apiBase()) ? SHOW_QR + encoded
                : settings.cgiBin() + "/showqrcode?ticket=" + encoded;
    }
}
