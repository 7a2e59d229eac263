package dev.portcullis.helidon;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.AuthorizationResponse;
import io.helidon.security.EndpointConfig;
import io.helidon.security.Principal;
import io.helidon.security.Role;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityLevel;
import io.helidon.security.SecurityResponse.SecurityStatus;
import io.helidon.security.Subject;
import io.helidon.security.annotations.Authenticated;
import io.helidon.security.spi.AuthenticationProvider;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut for endpoints with nothing for ABAC must not let through anything ABAC refuses: role annotations,
 * {@code @DenyAll} and {@code abac} configuration still go to ABAC, on every request.
 */
class AnonymousSafeAuthorizationTest {

    private final AnonymousSafeAuthorization authorization = new AnonymousSafeAuthorization();

    // annotations that are not ABAC's beside those that are; no @Path: Helidon would serve it in the other tests
    @Produces(MediaType.TEXT_PLAIN)
    static class Resource {
        @Deprecated
        @Authenticated
        public String open() {
            return "";
        }

        @Deprecated
        @RolesAllowed("admin")
        public String admins() {
            return "";
        }

        @Deprecated
        @DenyAll
        public String nobody() {
            return "";
        }
    }

    @Test
    void anEndpointWithNothingForAbacIsPermittedEveryTime() {
        EndpointConfig endpoint = endpoint("open", Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(authorize(endpoint, "user").status()).isEqualTo(SecurityStatus.SUCCESS);
        }
    }

    @Test
    void rolesAreStillCheckedByAbacEveryTime() {
        EndpointConfig endpoint = endpoint("admins", Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(authorize(endpoint, "user").status()).isEqualTo(SecurityStatus.FAILURE);
            assertThat(authorize(endpoint, "admin").status()).isEqualTo(SecurityStatus.SUCCESS);
        }
    }

    @Test
    void denyAllStillRefuses() {
        EndpointConfig endpoint = endpoint("nobody", Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(authorize(endpoint, "admin").status()).isEqualTo(SecurityStatus.FAILURE);
        }
    }

    @Test
    void abacConfigurationOfAnEndpointStillGoesToAbac() {
        Config abac = Config.just(ConfigSources.create(Map.of("abac.role-validator.roles-allowed.0", "admin"))).get("abac");
        EndpointConfig configured = endpoint("open", Map.of("abac", abac));
        // the shortcut would have permitted it: ABAC was asked, and refused
        assertThat(authorize(configured, "user").status()).isEqualTo(SecurityStatus.FAILURE);
        // and the same method without it is permitted, the cached answer for its annotations notwithstanding
        assertThat(authorize(endpoint("open", Map.of()), "user").status()).isEqualTo(SecurityStatus.SUCCESS);
    }

    // one level per class and per method, made once as Helidon's SecurityFilter caches them
    private static final Map<String, SecurityLevel> LEVELS = Arrays.stream(Resource.class.getDeclaredMethods())
            .collect(Collectors.toMap(Method::getName, method -> SecurityLevel.create(Resource.class.getName())
                    .withClassAnnotations(annotations(Resource.class.getAnnotations()))
                    .withMethodName(method.getName())
                    .withMethodAnnotations(annotations(method.getAnnotations()))
                    .build()));

    private static Map<Class<? extends Annotation>, List<Annotation>> annotations(Annotation[] annotations) {
        return Arrays.stream(annotations).collect(Collectors.groupingBy(Annotation::annotationType));
    }

    private static EndpointConfig endpoint(String method, Map<String, io.helidon.common.config.Config> config) {
        return EndpointConfig.builder().securityLevels(List.of(LEVELS.get(method))).configMap(config).build();
    }

    /** Authenticates a caller with the role, then asks for authorization through Helidon Security, as its filter does. */
    private AuthorizationResponse authorize(EndpointConfig endpoint, String role) {
        Subject subject = Subject.builder().principal(Principal.create("someone")).addGrant(Role.create(role)).build();
        AuthenticationProvider provider = request -> AuthenticationResponse.success(subject);
        Security security = Security.builder().addAuthenticationProvider(provider).addAuthorizationProvider(authorization).build();
        SecurityContext context = security.createContext("test");
        context.endpointConfig(endpoint);
        assertThat(context.atnClientBuilder().submit().status()).isEqualTo(SecurityStatus.SUCCESS);
        return context.atzClientBuilder().submit();
    }
}
