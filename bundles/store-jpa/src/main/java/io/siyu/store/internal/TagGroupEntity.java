package io.siyu.store.internal;

import io.siyu.api.customer.TagGroup;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.SequenceGenerator;
import javax.persistence.Table;

/** A tag group. Its ids come from tag_seq, as V9__tag_groups.sql explains. */
@Entity
@Table(name = "tag_group")
public class TagGroupEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tag_group_seq")
    @SequenceGenerator(name = "tag_group_seq", sequenceName = "tag_seq", allocationSize = 50)
    private long id;
    @Column(name = "name", nullable = false, length = 64)
    private String name;
    @Column(name = "sort_order", nullable = false)
    private int sortOrder;
    @Column(name = "external_id", length = 64)
    private String externalId;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected TagGroupEntity() {
    }

    TagGroupEntity(String name, int order, String externalId, Instant createdAt) {
        this.name = name;
        this.sortOrder = order;
        this.externalId = externalId;
        this.createdAt = createdAt;
    }

    long id() {
        return id;
    }

    String name() {
        return name;
    }

    void rename(String name) {
        this.name = name;
    }

    void order(int order) {
        this.sortOrder = order;
    }

    void externalId(String externalId) {
        this.externalId = externalId;
    }

    TagGroup toApi() {
        return new TagGroup(id, name, sortOrder, externalId);
    }
}
