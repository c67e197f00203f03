/**
 * Full backup of an instance to one archive, and restore of such an archive into an empty instance
 * (how a brand keeps its own copy, or moves from the embedded database to PostgreSQL).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.siyu.api.backup;
