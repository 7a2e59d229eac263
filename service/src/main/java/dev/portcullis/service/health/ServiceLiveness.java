package dev.portcullis.service.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live whenever the application answers at all. It deliberately asks no provider: a provider outage makes the
 * service not ready, and restarting it would not help.
 */
@Liveness
@ApplicationScoped
class ServiceLiveness implements HealthCheck {

    /** The check's name in the health response. */
    static final String NAME = "portcullis";

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up(NAME);
    }
}
