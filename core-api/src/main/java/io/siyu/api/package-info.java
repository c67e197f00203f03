/**
 * Shared vocabulary of the Siyu API: paging and the exceptions every service may throw.
 * Services signal bad input with {@link io.siyu.api.ValidationException}, absent things with
 * {@link io.siyu.api.NotFoundException} and lost races with {@link io.siyu.api.ConflictException};
 * the REST layer turns them into RFC 7807 problem details.
 *
 * <p>1.1: {@link io.siyu.api.ForbiddenException} for missing permissions and data scope.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.siyu.api;
