package dev.portcullis.helidon;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

import io.helidon.common.context.Contexts;

/**
 * Sends the cookie deletions the guard asked for when it found a dead session, whatever the resource answered.
 * Registered on every JAX-RS application by {@link PortcullisCdiExtension}.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ExpiredSessionCookieFilter implements ContainerResponseFilter {

    /**
     * For Jersey.
     */
    public ExpiredSessionCookieFilter() {
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Contexts.context()
                .flatMap(context -> context.get(SessionOrBearerAuthenticator.ExpiredSessionCookies.class,
                        SessionOrBearerAuthenticator.ExpiredSessionCookies.class))
                .ifPresent(expired -> {
                    var present = response.getStringHeaders().get("Set-Cookie");
                    for (var cookie : expired.cookies()) {
                        boolean alreadySet = present != null && present.stream().anyMatch(h -> h.startsWith(cookie.name() + "="));
                        if (!alreadySet) {
                            response.getHeaders().add("Set-Cookie", cookie.headerValue());
                        }
                    }
                });
    }
}
