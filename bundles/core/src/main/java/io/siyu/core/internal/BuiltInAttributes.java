package io.siyu.core.internal;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import java.util.List;

/**
 * The attributes every Siyu node has; they cannot be changed or deleted. Age is deliberately not
 * one of them: it is derived from {@code birthday} when needed, so it never goes stale.
 */
final class BuiltInAttributes {
    static final List<AttributeDefinition> ALL = List.of(
            of("gender", "性别", AttributeType.ENUM, List.of("male", "female", "unknown"), "male, female or unknown"),
            of("region", "地区", AttributeType.TEXT, List.of(), "Where the customer lives, e.g. 上海"),
            of("birthday", "生日", AttributeType.DATE, List.of(), "YYYY-MM-DD; age is derived from it, never stored"),
            of("occupation", "职业", AttributeType.TEXT, List.of(), ""),
            of("sourceChannel", "渠道来源", AttributeType.TEXT, List.of(),
                    "How the customer came to us, e.g. package-card, live-stream, store-code"),
            of("entryPoint", "入口", AttributeType.TEXT, List.of(), "The channel code or QR scene the customer entered by"),
            of("ownerStaff", "负责员工", AttributeType.TEXT, List.of(), "Id of the staff member who owns the customer"));

    private BuiltInAttributes() {
    }

    private static AttributeDefinition of(String name, String label, AttributeType type, List<String> allowed,
            String description) {
        return new AttributeDefinition(name, label, type, allowed, description, AttributeOrigin.BUILT_IN);
    }
}
