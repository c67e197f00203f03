/** What a running Siyu node reports about itself: health, version, edition, store and channels. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.siyu.api.system;
