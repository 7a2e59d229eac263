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

    /** A fixed security context, or null to read the current request's. */
    private final SecurityContext fixed;

    /**
     * For CDI.
     */
    public Caller() {
        this.fixed = null;
    }

    /**
     * A caller that answers for one security context, whichever request is being served: for tests that build a
     * {@code Caller} themselves, as the request-scoped {@code Caller} of earlier versions was built.
     *
     * @param security the security context to answer for
     * @deprecated inject {@code Caller}, which answers for the current request; kept so that code built against the
     * request-scoped {@code Caller} still compiles and runs
     */
    @Deprecated(since = "0.1.0")
    public Caller(SecurityContext security) {
        this.fixed = java.util.Objects.requireNonNull(security, "security");
    }

    /**
     * The caller's identity.
     *
     * @return the identity, or empty for an anonymous request (or outside a request)
     */
    public Optional<Identity> identity() {
        Optional<SecurityContext> security = fixed != null
                ? Optional.of(fixed)
                : Contexts.context().flatMap(context -> context.get(SecurityContext.class));
        return security.flatMap(SecurityContext::user)
                .flatMap(subject -> subject.publicCredential(Identity.class));
    }
}
