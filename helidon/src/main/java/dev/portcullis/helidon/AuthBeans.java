package dev.portcullis.helidon;

import java.time.Clock;

import dev.portcullis.auth.OidcRelyingParty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Produces the relying party once per application from MicroProfile Config: the one bean of Portcullis' an application
 * may inject ({@code @Inject OidcRelyingParty}).
 */
@ApplicationScoped
class AuthBeans {

    // @Singleton: no client proxy, so the produced types may be final
    @Produces
    @Singleton
    @PortcullisClock
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    OidcRelyingParty relyingParty(Config config, @PortcullisClock Clock clock, AuthEvents events) {
        // the events bean counts the auth module's key fetches and times its token validations
        return OidcRelyingParty.create(config, clock, events);
    }
}
