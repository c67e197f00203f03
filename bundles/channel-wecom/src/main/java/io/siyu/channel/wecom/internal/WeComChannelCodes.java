package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ChannelCodes;
import io.siyu.channel.kit.ApiResult;
import java.util.Set;

/**
 * WeCom 「联系我」 codes: {@code add_contact_way} with scene 2 (a QR code), type 1 for one staff
 * member and 2 for several; {@code del_contact_way}.
 */
final class WeComChannelCodes implements ChannelCodes {
    static final int MAX_STAFF = 100;
    static final int MAX_REMARK = 30;
    /**
     * What {@code del_contact_way} answers for a config_id it does not know (unverified: the
     * documentation names no code; the sandbox answers 40058). Deleting such a code is not an error.
     */
    static final Set<Integer> UNKNOWN_CODE = Set.of(40058);

    private final WeComApi api;
    private final String channel;

    WeComChannelCodes(WeComApi api, String channel) {
        this.api = api;
        this.channel = channel;
    }

    @Override
    public ChannelCode create(Request request) {
        if (request.staffUserIds().isEmpty()) {
            // refused before any provider call, as a bad request on the operator's field
            throw new io.siyu.api.ValidationException(io.siyu.api.FieldError.of("staffUserIds",
                    "a WeCom channel code needs at least one staff member"));
        }
        if (request.staffUserIds().size() > MAX_STAFF) {
            throw new io.siyu.api.ValidationException(io.siyu.api.FieldError.of("staffUserIds",
                    "a WeCom channel code takes at most " + MAX_STAFF + " staff members"));
        }
        ObjectNode body = api.mapper().createObjectNode();
        body.put("type", request.staffUserIds().size() == 1 ? 1 : 2);
        body.put("scene", 2);
        if (request.remark() != null && !request.remark().isBlank()) {
            String remark = request.remark().strip();
            body.put("remark", remark.length() > MAX_REMARK ? remark.substring(0, MAX_REMARK) : remark);
        }
        body.put("skip_verify", request.skipVerify());
        body.put("state", request.state());
        ArrayNode users = body.putArray("user");
        request.staffUserIds().forEach(users::add);
        ApiResult result = api.post("/externalcontact/add_contact_way", body);
        if (!(result instanceof ApiResult.Ok ok)) {
            throw failure(result);
        }
        String configId = ok.body().path("config_id").asText("");
        if (configId.isEmpty()) {
            throw new ChannelCallException(channel, null, "add_contact_way answered without a config_id", true);
        }
        String qr = ok.body().path("qr_code").asText("");
        return new ChannelCode(configId, request.state(), qr.isEmpty() ? null : qr);
    }

    @Override
    public void delete(String providerCodeId) {
        ObjectNode body = api.mapper().createObjectNode();
        body.put("config_id", providerCodeId);
        ApiResult result = api.post("/externalcontact/del_contact_way", body);
        if (result.ok() || result instanceof ApiResult.ProviderError e && UNKNOWN_CODE.contains(e.errcode())) {
            return;
        }
        throw failure(result);
    }

    private ChannelCallException failure(ApiResult result) {
        if (result instanceof ApiResult.ProviderError e) {
            return new ChannelCallException(channel, Integer.toString(e.errcode()), e.errmsg(),
                    api.errors().isTransient(e.errcode()));
        }
        if (result instanceof ApiResult.HttpFailure h) {
            return new ChannelCallException(channel, null, "HTTP " + h.status(), true);
        }
        ApiResult.TransportFailure t = (ApiResult.TransportFailure) result;
        return new ChannelCallException(channel, null, t.kind() + " " + t.message(), true);
    }
}
