package io.siyu.store.internal;

import io.siyu.api.customer.Customer;
import io.siyu.api.customer.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.MapKeyColumn;
import javax.persistence.SequenceGenerator;
import javax.persistence.Table;
import javax.persistence.Transient;
import javax.persistence.Version;
import org.eclipse.persistence.annotations.BatchFetch;
import org.eclipse.persistence.annotations.BatchFetchType;

@Entity
@Table(name = "customer")
public class CustomerEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customer_seq")
    @SequenceGenerator(name = "customer_seq", sequenceName = "customer_seq", allocationSize = 50)
    private long id;

    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    // Batch fetching loads the collections of a whole page in one query each, not one per customer.
    @ElementCollection
    @CollectionTable(name = "customer_identity", joinColumns = @JoinColumn(name = "customer_id"))
    @BatchFetch(BatchFetchType.IN)
    private List<IdentityValue> identities = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "customer_attribute", joinColumns = @JoinColumn(name = "customer_id"))
    @MapKeyColumn(name = "name", length = 64)
    @BatchFetch(BatchFetchType.IN)
    private Map<String, AttributeValue> attributes = new LinkedHashMap<>();

    // Not mapped: how tags are stored differs by database (TagSets); the repository fills this set
    // when it loads the entity and writes its changes.
    @Transient
    private Set<TagEntity> tags = new HashSet<>();

    protected CustomerEntity() {
    }

    CustomerEntity(Instant createdAt) {
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    long id() {
        return id;
    }

    long version() {
        return version;
    }

    void displayName(String displayName) {
        this.displayName = displayName;
    }

    void touched(Instant now) {
        this.updatedAt = now;
    }

    List<IdentityValue> identities() {
        return identities;
    }

    Map<String, AttributeValue> attributes() {
        return attributes;
    }

    Set<TagEntity> tags() {
        return tags;
    }

    Customer toApi() {
        List<Tag> tagList = tags.stream().map(TagEntity::toApi)
                .sorted(Comparator.comparing(Tag::group).thenComparing(Tag::name)).toList();
        Map<String, Object> attrs = new TreeMap<>();
        attributes.forEach((k, v) -> attrs.put(k, v.toApi()));
        return new Customer(id, displayName, identities.stream().map(IdentityValue::toApi).toList(), tagList,
                attrs, createdAt, updatedAt, version);
    }
}
