package dev.portcullis.helidon;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Locale;

import io.helidon.security.annotations.Authenticated;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Keeps every answer that depends on who asked out of every cache (a proxy's, a CDN's, the browser's own after
 * sign-out): {@code Cache-Control: no-store} on an answer that sets a cookie, on an answer to an authenticated caller,
 * on every answer of a resource that requires one ({@code @RolesAllowed}, {@code @Authenticated}, {@code @DenyAll}),
 * and on every 401 and 403. An answer already marked {@code no-store} is left as it is; any other {@code Cache-Control}
 * on such an answer is replaced, since a user's answer kept by a shared cache is served to the next caller.
 * <p>
 * Registered on every JAX-RS application by {@link PortcullisCdiExtension}, so it also covers the refusals Helidon
 * Security answers from its request filter, and it runs on the Helidon server and on Lambda alike. Public only for
 * Jersey, which creates it; not an API.
 */
// the last response filter, so it sees the cookies every other one added: Helidon Security's (the refreshed session,
// at AUTHENTICATION) and ExpiredSessionCookieFilter's; response filters run from the highest priority to the lowest
@Priority(1)
public final class NoStoreFilter implements ContainerResponseFilter {

    private static final List<Class<? extends Annotation>> GUARDS = List.of(RolesAllowed.class, Authenticated.class, DenyAll.class);

    @Context
    private ResourceInfo resource;

    /**
     * For Jersey.
     */
    public NoStoreFilter() {
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isPrivate(request, response) || alreadyNoStore(response)) {
            return;
        }
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private boolean isPrivate(ContainerRequestContext request, ContainerResponseContext response) {
        return response.getHeaders().containsKey(HttpHeaders.SET_COOKIE)
                || response.getStatus() == 401 || response.getStatus() == 403
                || (request.getSecurityContext() != null && request.getSecurityContext().getUserPrincipal() != null)
                || isGuarded();
    }

    private boolean isGuarded() {
        // no resource matched (a 404, or an answer of a request filter before matching): nothing to look at
        if (resource == null || resource.getResourceMethod() == null) {
            return false;
        }
        return hasGuard(resource.getResourceMethod()) || hasGuard(resource.getResourceClass());
    }

    private static boolean hasGuard(AnnotatedElement element) {
        return element != null && GUARDS.stream().anyMatch(element::isAnnotationPresent);
    }

    private static boolean alreadyNoStore(ContainerResponseContext response) {
        return response.getStringHeaders().getOrDefault(HttpHeaders.CACHE_CONTROL, List.of()).stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("no-store"));
    }
}
