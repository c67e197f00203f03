package io.siyu.store.internal;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import javax.persistence.Column;
import javax.persistence.Embeddable;

/** One row of customer_identity; (id_type, namespace, id_value) is unique across customers. */
@Embeddable
public class IdentityValue {
    @Column(name = "id_type", nullable = false, length = 32)
    private String type;
    @Column(name = "namespace", nullable = false, length = 128)
    private String namespace;
    @Column(name = "id_value", nullable = false, length = 256)
    private String value;

    protected IdentityValue() {
    }

    IdentityValue(ChannelIdentity identity) {
        this.type = identity.type().name();
        this.namespace = identity.namespace();
        this.value = identity.value();
    }

    ChannelIdentity toApi() {
        return new ChannelIdentity(IdentityType.valueOf(type), namespace, value);
    }
}
