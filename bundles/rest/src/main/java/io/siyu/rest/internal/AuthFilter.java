package io.siyu.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Response.Status;
import javax.ws.rs.core.SecurityContext;

/**
 * HTTP Basic against the realm for everything but the health probe. Reads need one of the Siyu
 * roles; changes need an administrator or operator role.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthFilter implements ContainerRequestFilter {
    static final Set<String> READ_ROLES = Set.of("admin", "siyu-admin", "siyu-operator", "siyu-viewer");
    static final Set<String> WRITE_ROLES = Set.of("admin", "siyu-admin", "siyu-operator");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** POSTs that only read: a condition too large for a query string travels in the body. */
    private static final Set<String> READING_POSTS = Set.of("segments/count", "segments/preview",
            "segments/breakdown");
    private static final String CHALLENGE = "Basic realm=\"siyu\", charset=\"UTF-8\"";

    private final BiFunction<String, String, Optional<RealmUser>> authenticator;
    private final java.util.function.Function<RealmUser, io.siyu.api.org.Caller> callers;

    /** @param callers who the user is in the org (their staff record, roles and data scope) */
    AuthFilter(BiFunction<String, String, Optional<RealmUser>> authenticator,
            java.util.function.Function<RealmUser, io.siyu.api.org.Caller> callers) {
        this.authenticator = authenticator;
        this.callers = callers;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("health") || path.equals("/health")) {
            return;
        }
        RealmUser user = credentials(request.getHeaderString("Authorization"))
                .flatMap(c -> authenticator.apply(c[0], c[1]))
                .orElse(null);
        if (user == null) {
            request.abortWith(javax.ws.rs.core.Response.fromResponse(
                    Problem.of(Status.UNAUTHORIZED, "unauthorized",
                            "valid credentials of the Siyu realm are required (HTTP Basic)").toResponse())
                    .header("WWW-Authenticate", CHALLENGE).build());
            return;
        }
        boolean reads = SAFE_METHODS.contains(request.getMethod())
                || request.getMethod().equals("POST") && READING_POSTS.contains(path.startsWith("/") ? path.substring(1) : path);
        Set<String> needed = reads ? READ_ROLES : WRITE_ROLES;
        if (user.roles().stream().noneMatch(needed::contains)) {
            request.abortWith(Problem.of(Status.FORBIDDEN, "forbidden",
                    "user '" + user.getName() + "' needs one of the roles " + needed).toResponse());
            return;
        }
        CallerPrincipal principal = new CallerPrincipal(user, callers.apply(user));
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return user.roles().contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        });
    }

    /** {user, password} from a Basic Authorization header, if well formed. */
    static Optional<String[]> credentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
