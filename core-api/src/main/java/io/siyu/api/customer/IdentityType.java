package io.siyu.api.customer;

/**
 * The kinds of identity a customer can have. A scoped identity is only unique within a namespace:
 * a WeCom external_userid within its corp, an openid within its app id.
 */
public enum IdentityType {
    /** WeCom external contact id ({@code external_userid}); namespace = corp id. */
    WECOM_EXTERNAL_USERID("wecom", true),
    /** Official-account openid; namespace = official account app id. */
    OA_OPENID("oa", true),
    /** Mini-program openid; namespace = mini-program app id. */
    MINIPROGRAM_OPENID("mp", true),
    /** WeChat unionid, the same person across the apps of one open-platform account. */
    UNIONID("unionid", false),
    /** Mobile phone number in E.164 form, e.g. +8613800138000. */
    PHONE("phone", false),
    /** E-mail address, lower-cased. */
    EMAIL("email", false),
    /** Anonymous visitor id, e.g. a reader of a shared article who has not followed. */
    VISITOR("visitor", false);

    private final String code;
    private final boolean scoped;

    IdentityType(String code, boolean scoped) {
        this.code = code;
        this.scoped = scoped;
    }

    /** Short, stable code used in URLs, CSV headers and the console. */
    public String code() {
        return code;
    }

    /** Whether the identity needs a namespace (corp id or app id) to be unique. */
    public boolean scoped() {
        return scoped;
    }

    public static IdentityType fromCode(String code) {
        for (IdentityType t : values()) {
            if (t.code.equalsIgnoreCase(code) || t.name().equalsIgnoreCase(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown identity type: " + code);
    }
}
