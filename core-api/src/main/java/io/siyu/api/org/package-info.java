/**
 * The organisation that operates customers: a tree of {@link io.siyu.api.org.OrgUnit}s (head
 * office, branch, store…), {@link io.siyu.api.org.Staff} with roles and positions, the
 * {@link io.siyu.api.org.Permission}s roles grant and the {@link io.siyu.api.org.DataScope} that
 * decides which customers a {@link io.siyu.api.org.Caller} sees. Also staff tasks, and handover of
 * customers between staff following WeCom's rules. Editions contribute their org model and roles.
 *
 * <p>1.1: {@code StaffTaskService.tasksOf} takes a null staff id for every staff member's tasks.
 * <p>1.2: {@code OrgService.callerFor}, {@code unit}, {@code deleteUnit}, customer shares
 * ({@code share}, {@code unshare}, {@code sharedWith}), {@code leaderboard} with {@link io.siyu.api.org.UnitStats}
 * and {@code Permission.CORE}.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.siyu.api.org;
