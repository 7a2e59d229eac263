package dev.portcullis.helidon;

import java.util.Map;

import dev.portcullis.auth.OidcRelyingParty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every enabled provider is: its discovery document read and its signing keys fetched at least once. The
 * data names each provider with {@code UP} or {@code DOWN}, and each outgoing client ({@code auth.clients.<name>})
 * used so far as {@code clients.<name>}: {@code DOWN} when its provider refused it the last time it asked for a token
 * (which does not make the instance unready), nothing else. A provider that is not ready is asked again
 * by the probe (at most once per {@code auth.discovery.retry-interval}), so readiness comes back without a restart.
 * <p>
 * Helidon calls each check once when it registers it (to learn its name), during start-up: so the signing keys are
 * fetched at start-up, and a started instance that reached its providers is ready at once.
 */
@Readiness
@ApplicationScoped
class ProvidersReadiness implements HealthCheck {

    /** The check's name in the health response. */
    static final String NAME = "portcullis-providers";

    private final OidcRelyingParty relyingParty;

    @Inject
    ProvidersReadiness(OidcRelyingParty relyingParty) {
        this.relyingParty = relyingParty;
    }

    /** For CDI proxies. */
    ProvidersReadiness() {
        this.relyingParty = null;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        Map<String, Boolean> readiness = relyingParty.readiness();
        readiness.forEach((provider, ready) -> response.withData(provider, ready ? "UP" : "DOWN"));
        // an outgoing client its provider refused (credentials, scopes) is named, but does not make the instance unready:
        // no instance can fix it by leaving the load balancer, and taking every one out would turn one downstream's
        // failure into an outage of the whole service
        relyingParty.outgoingClientReadiness()
                .forEach((client, accepted) -> response.withData("clients." + client, accepted ? "UP" : "DOWN"));
        // the revocation store: named with its state; it makes the instance unready only where sessions are refused
        // without it (auth.revocation.on-outage=deny)
        Map.Entry<String, Boolean> store = relyingParty.revocationStore();
        boolean storeServes = true;
        if (!store.getKey().equals("none")) {
            response.withData("revocation." + store.getKey(), store.getValue() ? "UP" : "DOWN");
            storeServes = store.getValue() || !relyingParty.revocationDeniesOnOutage();
        }
        return response.status(!readiness.containsValue(false) && storeServes).build();
    }
}
