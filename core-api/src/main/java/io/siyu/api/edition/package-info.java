/**
 * Vertical editions (retail, bank, education). An edition is a bundle whose manifest carries the
 * {@value io.siyu.api.edition.EditionDescriptor#HEADER} header; Siyu picks it up when the bundle
 * starts and withdraws it when it stops.
 *
 * <p>1.1: {@code EditionRegistry.roles()}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.siyu.api.edition;
