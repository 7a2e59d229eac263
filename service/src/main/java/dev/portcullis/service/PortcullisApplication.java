package dev.portcullis.service;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application: every resource and provider listed explicitly, so that the Helidon server and the
 * Lambda handler serve exactly the same set without classpath scanning.
 */
@ApplicationScoped
@ApplicationPath("/")
public class PortcullisApplication extends Application {

    /**
     * For CDI.
     */
    public PortcullisApplication() {
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(HomeResource.class, AuthResource.class, ApiResource.class, AssetsResource.class,
                AuthExceptionMapper.class);
    }
}
