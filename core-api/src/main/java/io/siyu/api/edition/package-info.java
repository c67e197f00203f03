/**
 * Vertical editions (retail, bank, education). An edition is a bundle whose manifest carries the
 * {@value io.siyu.api.edition.EditionDescriptor#HEADER} header; Siyu picks it up when the bundle
 * starts and withdraws it when it stops.
 *
 * <p>1.1: {@code EditionRegistry.roles()}.
 * <p>1.2: an edition's declared content ({@code EditionRegistry.content}, {@link io.siyu.api.edition.EditionContent},
 * {@link io.siyu.api.edition.EditionRole}, {@link io.siyu.api.edition.ComplianceRules}), its operating
 * model read and switched for every node ({@link io.siyu.api.edition.OperatingModel}), and
 * {@link io.siyu.api.edition.EditionPresets} to apply segment presets and SOP templates.
 * <p>1.3: {@code EditionPresets.presetCondition}, a preset's condition for counting (dashboards).
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.siyu.api.edition;
