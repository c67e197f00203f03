/**
 * The content library: what staff may send (texts, SMS templates, e-mails, articles, scripts 话术,
 * moments), owned by an org unit, versioned, and reviewed before use by someone other than its
 * maker who sits at the owning unit or above it (maker-checker). Submitting runs the compliance
 * checks (sensitive words, mandatory risk disclosures, the active editions' reviews) and refuses
 * with problems whose paths point into the content ({@code content.text}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.siyu.api.content;
