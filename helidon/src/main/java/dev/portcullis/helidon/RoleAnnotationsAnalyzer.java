package dev.portcullis.helidon;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

import io.helidon.security.providers.common.spi.AnnotationAnalyzer;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

/**
 * Gives {@code @RolesAllowed} its MicroProfile JWT meaning on Helidon Security: the caller must be
 * authenticated (401 when not, 403 when the role is missing). {@code @PermitAll} authenticates when it can
 * and lets anonymous callers through. A method's annotation overrides its class's. The role check itself is
 * Helidon's ABAC role validator.
 */
public final class RoleAnnotationsAnalyzer implements AnnotationAnalyzer {

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public RoleAnnotationsAnalyzer() {
    }

    @Override
    public AnalyzerResponse analyze(Class<?> maybeAnnotated) {
        return AnalyzerResponse.abstain();
    }

    @Override
    public AnalyzerResponse analyze(Class<?> maybeAnnotated, AnalyzerResponse previousResponse) {
        return respond(maybeAnnotated, previousResponse);
    }

    @Override
    public AnalyzerResponse analyze(Method maybeAnnotated, AnalyzerResponse previousResponse) {
        return respond(maybeAnnotated, previousResponse);
    }

    private static AnalyzerResponse respond(AnnotatedElement element, AnalyzerResponse previous) {
        if (element.isAnnotationPresent(RolesAllowed.class)) {
            return AnalyzerResponse.builder(previous)
                    .authenticationResponse(Flag.REQUIRED)
                    .authenticator(SessionOrBearerAuthenticator.NAME)
                    .build();
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return AnalyzerResponse.builder(previous)
                    .authenticationResponse(Flag.OPTIONAL)
                    .authenticator(SessionOrBearerAuthenticator.NAME)
                    .build();
        }
        return AnalyzerResponse.builder(previous).build();
    }
}
