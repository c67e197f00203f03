package io.siyu.api.org;

import java.util.regex.Pattern;

/**
 * Something a role allows, named {@code area.action}. A record rather than an enum so editions can
 * add their own ({@code wealth.disclose}) next to the core ones below.
 */
public record Permission(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public static final Permission CUSTOMER_READ = new Permission("customer.read");
    public static final Permission CUSTOMER_WRITE = new Permission("customer.write");
    public static final Permission CUSTOMER_EXPORT = new Permission("customer.export");
    /** See phone numbers and ID-like fields unmasked. */
    public static final Permission CUSTOMER_UNMASK = new Permission("customer.unmask");
    public static final Permission TAG_MANAGE = new Permission("tag.manage");
    public static final Permission SEGMENT_MANAGE = new Permission("segment.manage");
    public static final Permission CONTENT_CREATE = new Permission("content.create");
    public static final Permission CONTENT_APPROVE = new Permission("content.approve");
    public static final Permission SOP_MANAGE = new Permission("sop.manage");
    public static final Permission MASSSEND_CREATE = new Permission("masssend.create");
    public static final Permission MASSSEND_APPROVE = new Permission("masssend.approve");
    public static final Permission CHANNEL_MANAGE = new Permission("channel.manage");
    public static final Permission ORG_MANAGE = new Permission("org.manage");
    public static final Permission HANDOVER = new Permission("customer.handover");
    public static final Permission AUDIT_READ = new Permission("audit.read");

    /** Every permission above: what the core checks. @since 1.2 */
    public static final java.util.Set<Permission> CORE = java.util.Set.of(CUSTOMER_READ, CUSTOMER_WRITE,
            CUSTOMER_EXPORT, CUSTOMER_UNMASK, TAG_MANAGE, SEGMENT_MANAGE, CONTENT_CREATE, CONTENT_APPROVE, SOP_MANAGE,
            MASSSEND_CREATE, MASSSEND_APPROVE, CHANNEL_MANAGE, ORG_MANAGE, HANDOVER, AUDIT_READ);

    public Permission {
        Checks.require(name != null && NAME.matcher(name).matches(), "permission",
                "must look like area.action, lower case: " + name);
    }

    public static Permission of(String name) {
        return new Permission(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
