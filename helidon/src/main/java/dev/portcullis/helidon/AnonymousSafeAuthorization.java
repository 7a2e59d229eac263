package dev.portcullis.helidon;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.security.AuthorizationResponse;
import io.helidon.security.EndpointConfig;
import io.helidon.security.ProviderRequest;
import io.helidon.security.SecurityLevel;
import io.helidon.security.Subject;
import io.helidon.security.providers.abac.AbacAnnotation;
import io.helidon.security.providers.abac.AbacProvider;
import io.helidon.security.spi.AuthorizationProvider;
import io.helidon.security.spi.ProviderConfig;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

/**
 * Helidon's ABAC authorization (which enforces {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}), with
 * one fix: {@code SecurityContext.isUserInRole} for an anonymous caller answers {@code false}. In Helidon 4.3.0
 * (still in 4.5) JAX-RS's {@code isUserInRole} reaches ABAC with no subject and fails with a
 * {@code NullPointerException}, a 500 on any {@code @PermitAll} endpoint that asks.
 * <p>
 * Helidon asks for authorization on every request to every resource method, whether or not it has anything for ABAC
 * to check (a method with only {@code @Authenticated}, or none at all). ABAC then looks at each of the class's and
 * the method's annotations again, on every request, to find none of its own, and permits. Which annotations a
 * resource method has does not change, so that is answered once per resource method ({@link SecurityLevel}), and an
 * endpoint with no ABAC annotation, no {@code abac} configuration and no ABAC object is permitted without asking ABAC:
 * the answer ABAC gives it. Anything else, a role annotation above all, goes to ABAC as before.
 */
final class AnonymousSafeAuthorization implements AuthorizationProvider {

    /** ABAC's key in an endpoint's configuration (Helidon's {@code AbacProviderService.PROVIDER_CONFIG_KEY}). */
    private static final String ABAC_CONFIG_KEY = "abac";

    /** More resource methods than any application has: past it the answers are worked out again, not kept. */
    private static final int MAX_LEVELS = 4096;

    private final AbacProvider abac = AbacProvider.create();
    private final Set<Class<? extends Annotation>> abacAnnotations = Set.copyOf(abac.supportedAnnotations());
    /** Per class or resource method, as Helidon caches them: whether none of its annotations is ABAC's. */
    private final Map<SecurityLevel, Boolean> withoutAbacAnnotations = new ConcurrentHashMap<>();

    @Override
    public AuthorizationResponse authorize(ProviderRequest request) {
        if (nothingForAbac(request.endpointConfig())) {
            return AuthorizationResponse.permit();
        }
        return abac.authorize(request);
    }

    /**
     * Whether ABAC would find nothing to check: no annotation it validates or must refuse as unvalidated (one marked
     * {@link AbacAnnotation}, a role annotation), no {@code abac} configuration of the endpoint and no custom object,
     * the three sources its attributes come from.
     */
    private boolean nothingForAbac(EndpointConfig endpoint) {
        if (endpoint.config(ABAC_CONFIG_KEY).isPresent() || !endpoint.instanceKeys().isEmpty()) {
            return false;
        }
        for (SecurityLevel level : endpoint.securityLevels()) {
            Boolean without = withoutAbacAnnotations.get(level);
            if (without == null) {
                without = withoutAbacAnnotations(level);
                if (withoutAbacAnnotations.size() >= MAX_LEVELS) {
                    withoutAbacAnnotations.clear();
                }
                withoutAbacAnnotations.put(level, without);
            }
            if (!without) {
                return false;
            }
        }
        return true;
    }

    private boolean withoutAbacAnnotations(SecurityLevel level) {
        return level.getClassLevelAnnotations().keySet().stream().noneMatch(this::isAbacAnnotation)
                && level.getMethodLevelAnnotations().keySet().stream().noneMatch(this::isAbacAnnotation);
    }

    private boolean isAbacAnnotation(Class<? extends Annotation> type) {
        return abacAnnotations.contains(type) || type.isAnnotationPresent(AbacAnnotation.class)
                || type == RolesAllowed.class || type == PermitAll.class || type == DenyAll.class;
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
