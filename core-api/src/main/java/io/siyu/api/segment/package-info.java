/**
 * Segments and layers (分层运营). A segment is a named {@link io.siyu.api.segment.Condition} tree
 * over tags, attributes, events, RFM scores and other segments; it is evaluated against the
 * current data whenever it is counted or listed, and membership changes become
 * {@code segment.entered}/{@code segment.left} events. The customer layer (core, loyal, ordinary)
 * follows from one configurable {@link io.siyu.api.segment.RfmRule}.
 *
 * <p>1.2: {@code SegmentService.breakdown} ({@link io.siyu.api.segment.Breakdown}).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.siyu.api.segment;
