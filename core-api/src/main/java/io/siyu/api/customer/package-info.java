/**
 * Customers: one unified profile per person, with the identities they have on each channel,
 * the tags operators put on them and typed attributes.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.siyu.api.customer;
