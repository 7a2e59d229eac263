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
 * root, in Helidon's order (a request none of one application's resources matches goes on to the next), and Lambda's
 * own resources (health) last.
 */
class JaxRsRoutesTest {

    static final Application ORDERS = new Application();
    static final Application PORTCULLIS = new Application();
    static final Application ADMIN = new Application();

    static final Map<Application, String> ROOTS = Map.of(ORDERS, "/", PORTCULLIS, "/auth", ADMIN, "/admin/api");

    final JaxRsRoutes routes = JaxRsRoutes.of(List.of(application(ORDERS), application(PORTCULLIS), application(ADMIN)),
            application -> java.util.Optional.of(ROOTS.get(application.resourceConfig().getApplication())), List.of(Object.class));

    @Test
    void everyApplicationWhoseRootFitsIsAskedInHelidonsOrder() {
        assertThat(applications("/auth/login")).containsExactly(ORDERS, PORTCULLIS, null);
        assertThat(applications("/auth")).containsExactly(ORDERS, PORTCULLIS, null);
        assertThat(applications("/admin/api/users")).containsExactly(ORDERS, ADMIN, null);
    }

    @Test
    void anApplicationOnANamedSocketIsNotServed() {
        JaxRsRoutes withInternal = JaxRsRoutes.of(List.of(application(ORDERS), application(ADMIN)),
                application -> application.resourceConfig().getApplication() == ADMIN
                        ? java.util.Optional.empty() : java.util.Optional.of("/"), List.of());

        assertThat(withInternal.candidates("/admin/api/users")).singleElement()
                .satisfies(route -> assertThat(route.application()).isSameAs(ORDERS));
    }

    @Test
    void aContextRootMatchesWholeSegmentsOnly() {
        assertThat(applications("/authority")).containsExactly(ORDERS, null);
        assertThat(applications("/")).containsExactly(ORDERS, null);
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
