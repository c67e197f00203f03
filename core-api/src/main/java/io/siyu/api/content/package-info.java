/**
 * The content library: what staff may send (texts, SMS templates, e-mails, articles, scripts 话术,
 * moments), owned by an org unit, versioned, and reviewed before use by someone other than its
 * maker who sits at the owning unit or above it (maker-checker). Submitting runs the compliance
 * checks (sensitive words, mandatory risk disclosures, the active editions' reviews) and refuses
 * with problems whose paths point into the content ({@code content.text}).
 *
 * <p>2.0: {@link io.siyu.api.content.ContentBody.SmsTemplate} maps the template to a provider
 * template per SMS account ({@code providerTemplates}) instead of naming one provider and id, since
 * SMS sends now use library templates by content id.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package io.siyu.api.content;
