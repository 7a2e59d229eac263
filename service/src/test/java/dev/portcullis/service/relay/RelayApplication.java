package dev.portcullis.service.relay;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * A caller's own JAX-RS application that uses the typed client of the service's API, as another Helidon MP service
 * would.
 */
@ApplicationScoped
@ApplicationPath("/relay")
public class RelayApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RelayResource.class);
    }
}
