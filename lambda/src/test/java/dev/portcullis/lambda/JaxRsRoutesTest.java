package dev.portcullis.lambda;

import java.util.List;
import java.util.Map;

import io.helidon.microprofile.server.JaxRsApplication;
import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which applications may answer a path, in which order: as Helidon's routing does, each application at its context
 * root, the most specific first, and Lambda's own resources (health) last.
 */
class JaxRsRoutesTest {

    static final Application ORDERS = new Application();
    static final Application PORTCULLIS = new Application();
    static final Application ADMIN = new Application();

    static final Map<Application, String> ROOTS = Map.of(ORDERS, "/", PORTCULLIS, "/auth", ADMIN, "/admin/api");

    final JaxRsRoutes routes = JaxRsRoutes.of(List.of(application(ORDERS), application(PORTCULLIS), application(ADMIN)),
            application -> ROOTS.get(application.resourceConfig().getApplication()), List.of());

    @Test
    void aPathUnderAContextRootIsAskedOfThatApplicationFirstThenOfTheRootOnes() {
        assertThat(applications("/auth/login")).containsExactly(PORTCULLIS, ORDERS, null);
        assertThat(applications("/auth")).containsExactly(PORTCULLIS, ORDERS, null);
        assertThat(applications("/admin/api/users")).containsExactly(ADMIN, ORDERS, null);
    }

    @Test
    void aContextRootMatchesWholeSegmentsOnly() {
        assertThat(applications("/authority")).containsExactly(ORDERS, null);
        assertThat(applications("/admin/apiary")).containsExactly(ORDERS, null);
        assertThat(applications("/orders")).containsExactly(ORDERS, null);
    }

    private List<Application> applications(String path) {
        // Lambda's own resources are an application of the handler's, which no test application is: null here
        return routes.candidates(path).stream()
                .map(route -> ROOTS.containsKey(route.application()) ? route.application() : null)
                .toList();
    }

    private static JaxRsApplication application(Application application) {
        return JaxRsApplication.builder().config(ResourceConfig.forApplication(application)).appName("test").build();
    }
}
