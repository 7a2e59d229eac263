package dev.portcullis.helidon;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Makes {@code @Inject JsonWebToken} work: the verified bearer token, or the session's ID token, with the
 * provider's groups as {@code groups}. An anonymous request gets a token with no claims, as MicroProfile JWT
 * specifies.
 */
@ApplicationScoped
class JsonWebTokenProducer {

    @Produces
    @RequestScoped
    JsonWebToken jsonWebToken(Caller caller) {
        return caller.identity().<JsonWebToken>map(IdentityJsonWebToken::new).orElse(IdentityJsonWebToken.ANONYMOUS);
    }
}
