package io.siyu.store.internal;

import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
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
    /** Stored for tags without an owner: the unique key (group, name, owner) needs a value. */
    static final String NO_OWNER = "";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tag_seq")
    @SequenceGenerator(name = "tag_seq", sequenceName = "tag_seq", allocationSize = 50)
    private long id;
    @Column(name = "group_id", nullable = false)
    private long groupId;
    /** A copy of the group's name, kept in step on rename and move (see V9__tag_groups.sql). */
    @Column(name = "group_name", nullable = false, length = 64)
    private String group;
    @Column(name = "name", nullable = false, length = 64)
    private String name;
    @Column(name = "kind", nullable = false, length = 16)
    private String kind;
    @Column(name = "sort_order", nullable = false)
    private int sortOrder;
    @Column(name = "external_id", length = 64)
    private String externalId;
    @Column(name = "owner", nullable = false, length = 64)
    private String owner = NO_OWNER;
    @Column(name = "rule_event_type", length = 64)
    private String ruleEventType;
    @Column(name = "rule_property", length = 64)
    private String ruleProperty;
    @Column(name = "rule_value", length = 256)
    private String ruleValue;
    @Column(name = "rule_min_count")
    private Integer ruleMinCount;
    @Column(name = "rule_within_days")
    private Integer ruleWithinDays;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected TagEntity() {
    }

    TagEntity(TagGroupEntity group, String name, TagKind kind, Instant createdAt) {
        moveTo(group);
        this.name = name;
        this.kind = kind.name();
        this.createdAt = createdAt;
    }

    long id() {
        return id;
    }

    TagKind kind() {
        return TagKind.valueOf(kind);
    }

    String name() {
        return name;
    }

    String group() {
        return group;
    }

    /** Whether {@code actor} may put this tag on or take it off by hand: not a rule's, not someone else's. */
    boolean manualFor(String actor) {
        return switch (kind()) {
            case ENTERPRISE -> true;
            case PERSONAL -> owner.equals(actor);
            case AUTO -> false;
        };
    }

    /** Whether {@code actor} may know of this tag at all. */
    boolean visibleTo(String actor) {
        return kind() != TagKind.PERSONAL || owner.equals(actor);
    }

    void moveTo(TagGroupEntity g) {
        this.groupId = g.id();
        this.group = g.name();
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

    void owner(String owner) {
        this.owner = owner == null ? NO_OWNER : owner;
    }

    void rule(TagRule rule) {
        ruleEventType = rule == null ? null : rule.eventType();
        ruleProperty = rule == null ? null : rule.property();
        ruleValue = rule == null ? null : rule.value();
        ruleMinCount = rule == null ? null : rule.minCount();
        ruleWithinDays = rule == null ? null : rule.withinDays();
    }

    Tag toApi() {
        return new Tag(id, group, name, kind());
    }

    TagDefinition toDefinition() {
        TagRule rule = ruleEventType == null ? null
                : new TagRule(ruleEventType, ruleProperty, ruleValue, ruleMinCount, ruleWithinDays);
        return new TagDefinition(id, groupId, group, name, kind(), sortOrder, externalId,
                owner.isEmpty() ? null : owner, rule);
    }
}
