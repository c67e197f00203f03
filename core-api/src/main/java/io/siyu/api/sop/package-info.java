/**
 * Standard operating procedures (SOP): automation of the form "when this happens to a customer, do
 * these steps". A {@link io.siyu.api.sop.SopDefinition} is a trigger and ordered steps (waits,
 * branches, actions); each run for one customer is a durable {@link io.siyu.api.sop.SopInstance}.
 * Definitions are versioned: a revision applies to new instances, running ones finish on theirs.
 * Steps carry ids so the engine can run each exactly once per instance, even across crashes, and
 * every message action passes the touch policy.
 *
 * <p>1.1: {@link io.siyu.api.sop.SopCodec} (the JSON form), {@link io.siyu.api.sop.SopStepRun} and
 * {@code SopService.instance}/{@code steps}.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.siyu.api.sop;
