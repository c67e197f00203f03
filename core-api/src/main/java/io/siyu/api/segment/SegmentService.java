package io.siyu.api.segment;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import java.util.List;

/**
 * Segment definitions and their evaluation. Counts and members are always within the caller's
 * data scope, so a branch manager counting "all core customers" gets their branch's.
 */
public interface SegmentService {
    /** @throws io.siyu.api.ValidationException for unknown tags, attributes or segments, or a reference cycle */
    SegmentDefinition define(Caller caller, SegmentDraft draft);

    /**
     * @param expectedVersion the version the caller read, or null to overwrite
     * @throws io.siyu.api.ConflictException if the stored version differs
     */
    SegmentDefinition update(Caller caller, long id, SegmentDraft draft, Long expectedVersion);

    /** @throws io.siyu.api.ConflictException while another segment or an SOP refers to it */
    void delete(Caller caller, long id);

    /** @throws io.siyu.api.NotFoundException if there is no such segment */
    SegmentDefinition get(Caller caller, long id);

    /** Ordered by name. */
    List<SegmentDefinition> list(Caller caller);

    long count(Caller caller, Condition condition);

    /**
     * The customers of the condition (null: everyone) in the caller's scope, counted by the values of
     * a text, enum or boolean attribute and optionally a second one.
     *
     * @param columns null for one column
     * @throws io.siyu.api.ValidationException naming {@code rows} or {@code columns} for an unknown or
     *         numeric attribute
     * @since 1.2
     */
    Breakdown breakdown(Caller caller, Condition condition, String rows, String columns);

    /** Ids of matching customers, ascending; fetch profiles through the customer service. */
    Page<Long> members(Caller caller, Condition condition, PageRequest page);

    /** @throws io.siyu.api.NotFoundException if there is no such customer in the caller's scope */
    CustomerLayer layerOf(Caller caller, long customerId);

    RfmRule rfmRule();

    /** Replaces the rule; layers and RFM conditions follow at once. */
    void setRfmRule(Caller caller, RfmRule rule);
}
