package io.siyu.store.internal;

import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagKind;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.SequenceGenerator;
import javax.persistence.Table;

@Entity
@Table(name = "tag")
public class TagEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tag_seq")
    @SequenceGenerator(name = "tag_seq", sequenceName = "tag_seq", allocationSize = 50)
    private long id;
    @Column(name = "group_name", nullable = false, length = 64)
    private String group;
    @Column(name = "name", nullable = false, length = 64)
    private String name;
    @Column(name = "kind", nullable = false, length = 16)
    private String kind;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected TagEntity() {
    }

    TagEntity(String group, String name, TagKind kind, Instant createdAt) {
        this.group = group;
        this.name = name;
        this.kind = kind.name();
        this.createdAt = createdAt;
    }

    long id() {
        return id;
    }

    Tag toApi() {
        return new Tag(id, group, name, TagKind.valueOf(kind));
    }
}
