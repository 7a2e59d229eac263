package dev.portcullis.helidon;

import java.util.Optional;

import dev.portcullis.auth.Identity;

import io.helidon.security.SecurityContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The caller of the current request, when the guard authenticated one: from a bearer token or the session.
 */
@RequestScoped
public class Caller {

    private final SecurityContext security;

    /**
     * For CDI.
     *
     * @param security Helidon's security context of this request
     */
    @Inject
    public Caller(SecurityContext security) {
        this.security = security;
    }

    /**
     * For CDI proxies.
     */
    protected Caller() {
        this.security = null;
    }

    /**
     * The caller's identity.
     *
     * @return the identity, or empty for an anonymous request
     */
    public Optional<Identity> identity() {
        return security.user().flatMap(subject -> subject.publicCredential(Identity.class));
    }
}
