package dev.portcullis.service.annotations;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * A second JAX-RS application beside the service's, as a user's own application would be.
 */
@ApplicationScoped
@ApplicationPath("/user-app")
public class AnnotatedApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AnnotatedResource.class);
    }
}
