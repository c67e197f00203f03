package io.siyu.rest.internal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;

/**
 * A browser that receives {@code 401} with {@code WWW-Authenticate: Basic} opens its own login dialog,
 * even for a script's {@code fetch}: the operator console would show that dialog over its login page
 * (and headless browsers hang on it). Requests marked {@code X-Requested-With: XMLHttpRequest}, as the
 * console's are, get the same challenge under the scheme name {@code xBasic}, which browsers do not
 * prompt for; everything else, curl included, still sees the standard {@code Basic} challenge.
 */
final class ScriptClientChallenge implements ContainerResponseFilter {
    static final String MARKER = "X-Requested-With";
    static final String SCRIPT = "XMLHttpRequest";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 401 || !SCRIPT.equalsIgnoreCase(request.getHeaderString(MARKER))) {
            return;
        }
        Object challenge = response.getHeaders().getFirst("WWW-Authenticate");
        if (challenge instanceof String s && s.regionMatches(true, 0, "Basic ", 0, 6)) {
            response.getHeaders().putSingle("WWW-Authenticate", "xBasic " + s.substring(6));
        }
    }
}
