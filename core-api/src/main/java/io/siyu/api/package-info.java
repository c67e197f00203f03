/**
 * Shared vocabulary of the Siyu API: paging and the exceptions every service may throw.
 * Services signal bad input with {@link io.siyu.api.ValidationException}, absent things with
 * {@link io.siyu.api.NotFoundException} and lost races with {@link io.siyu.api.ConflictException};
 * the REST layer turns them into RFC 7807 problem details.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.siyu.api;
