package dev.portcullis.helidon;

import java.util.Optional;

import dev.portcullis.auth.Identity;

import io.helidon.common.context.Contexts;
import io.helidon.security.SecurityContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The caller of the current request, when the guard authenticated one: from a bearer token or the session.
 * <p>
 * One for the application: it reads the request's Helidon security context where Helidon keeps it (the request's
 * Helidon context, as Helidon's own CDI producer of {@link SecurityContext} does), so asking costs no request-scoped
 * bean, and an injected {@code Caller} answers for whichever request is being served.
 */
@ApplicationScoped
public class Caller {

    /**
     * For CDI.
     */
    public Caller() {
    }

    /**
     * The caller's identity.
     *
     * @return the identity, or empty for an anonymous request (or outside a request)
     */
    public Optional<Identity> identity() {
        return Contexts.context()
                .flatMap(context -> context.get(SecurityContext.class))
                .flatMap(SecurityContext::user)
                .flatMap(subject -> subject.publicCredential(Identity.class));
    }
}
