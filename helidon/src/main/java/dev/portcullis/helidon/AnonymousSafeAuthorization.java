package dev.portcullis.helidon;

import java.lang.annotation.Annotation;
import java.util.Collection;

import io.helidon.security.AuthorizationResponse;
import io.helidon.security.ProviderRequest;
import io.helidon.security.Subject;
import io.helidon.security.providers.abac.AbacProvider;
import io.helidon.security.spi.AuthorizationProvider;
import io.helidon.security.spi.ProviderConfig;

/**
 * Helidon's ABAC authorization (which enforces {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}), with
 * one fix: {@code SecurityContext.isUserInRole} for an anonymous caller answers {@code false}. In Helidon 4.3.0
 * (still in 4.5) JAX-RS's {@code isUserInRole} reaches ABAC with no subject and fails with a
 * {@code NullPointerException}, a 500 on any {@code @PermitAll} endpoint that asks.
 */
final class AnonymousSafeAuthorization implements AuthorizationProvider {

    private final AbacProvider abac = AbacProvider.create();

    @Override
    public AuthorizationResponse authorize(ProviderRequest request) {
        return abac.authorize(request);
    }

    @Override
    public boolean isUserInRole(Subject subject, String role) {
        return subject != null && abac.isUserInRole(subject, role);
    }

    @Override
    public Collection<Class<? extends Annotation>> supportedAnnotations() {
        return abac.supportedAnnotations();
    }

    @Override
    public Collection<String> supportedConfigKeys() {
        return abac.supportedConfigKeys();
    }

    @Override
    public Collection<Class<? extends ProviderConfig>> supportedCustomObjects() {
        return abac.supportedCustomObjects();
    }

    @Override
    public Collection<String> supportedAttributes() {
        return abac.supportedAttributes();
    }
}
