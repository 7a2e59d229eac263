package dev.portcullis.service.security;

import java.time.Clock;

import dev.portcullis.auth.OidcRelyingParty;
import dev.portcullis.service.AuthEvents;

import io.helidon.microprofile.security.SecurityCdiExtension;
import io.helidon.microprofile.server.JaxRsCdiExtension;
import io.helidon.security.Security;
import io.helidon.security.spi.AuthorizationProvider;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * Builds the relying party when the application starts (so a misconfiguration stops start-up with one line
 * naming the key), reads each provider's discovery document once, and registers the
 * {@link SessionOrBearerAuthenticator} with Helidon Security before Helidon builds it, with ABAC role checks
 * ({@link AnonymousSafeAuthorization}) unless the configuration names an authorization provider.
 */
public final class GuardExtension implements Extension {

    /**
     * System property that, set to {@code false} before the container starts, leaves the providers' discovery to
     * whoever started it: the Lambda handler, whose cold start fails when a provider cannot be discovered, where a
     * server starts anyway and reports itself not ready.
     */
    public static final String WARM_UP_PROPERTY = "portcullis.guard.warm-up";

    /**
     * For {@link java.util.ServiceLoader}.
     */
    public GuardExtension() {
    }

    // after the configuration is read (PLATFORM_BEFORE + 2), before Helidon Security is built (LIBRARY_BEFORE)
    void registerGuard(@Observes @Initialized(ApplicationScoped.class) @Priority(PLATFORM_BEFORE + 10) Object event,
                       BeanManager beanManager) {
        SensitiveLogRedaction.install();
        OidcRelyingParty relyingParty = beanManager.createInstance().select(OidcRelyingParty.class).get();
        Clock clock = beanManager.createInstance().select(Clock.class).get();
        AuthEvents events = beanManager.createInstance().select(AuthEvents.class).get();
        if (Boolean.parseBoolean(System.getProperty(WARM_UP_PROPERTY, "true"))) {
            relyingParty.warmUp();
        }
        Security.Builder security = beanManager.getExtension(SecurityCdiExtension.class).securityBuilder();
        security.addProvider(new SessionOrBearerAuthenticator(relyingParty, events, clock), SessionOrBearerAuthenticator.NAME);
        if (security.noProvider(AuthorizationProvider.class)) {
            // what Helidon would add by itself, minus its failure on anonymous isUserInRole
            security.addAuthorizationProvider(new AnonymousSafeAuthorization(), "abac");
        }
        // every application the guard protects, the service's and the user's own, clears dead sessions
        beanManager.getExtension(JaxRsCdiExtension.class).applicationsToRun()
                .forEach(application -> application.resourceConfig().register(ExpiredSessionCookieFilter.class));
    }
}
