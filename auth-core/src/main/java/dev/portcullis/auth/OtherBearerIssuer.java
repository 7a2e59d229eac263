package dev.portcullis.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.jwk.JWK;

import dev.portcullis.auth.spi.ProviderDescriptor;

/**
 * One of a provider's {@linkplain ProviderDescriptor#otherBearerIssuers() other bearer issuers}: the keys at its own
 * JWKS and the verifier of its access tokens, replaced together, never changed, as {@link ResolvedProvider} is. Its keys
 * are read when a first token of it comes; it has no discovery. Thread-safe.
 */
final class OtherBearerIssuer {

    /** The keys and the verifier built on them. */
    private record Keyed(SigningKeys keys, TokenVerifier verifier) {
    }

    private final ProviderDescriptor descriptor;
    private final URI issuer;
    private final String clientId;
    private final Clock clock;
    private final Duration skew;
    private final AuthListener listener;
    private volatile Keyed current;

    OtherBearerIssuer(ProviderDescriptor descriptor, URI issuer, SigningKeys keys, String clientId, Clock clock, Duration skew,
                      AuthListener listener) {
        this.descriptor = descriptor;
        this.issuer = issuer;
        this.clientId = clientId;
        this.clock = clock;
        this.skew = skew;
        this.listener = listener;
        this.current = keyed(keys);
    }

    private Keyed keyed(SigningKeys keys) {
        return new Keyed(keys, new TokenVerifier(descriptor, issuer, clientId, keys.source(), clock, skew, listener));
    }

    /** Verifies access tokens whose {@code iss} is this issuer, with its keys. */
    TokenVerifier verifier() {
        return current.verifier();
    }

    /** Whether this issuer's key set still holds a key. */
    boolean publishes(JWK key) {
        return current.keys().publishes(key);
    }

    /** Reads the keys now; a failure is left for the first token of this issuer to meet. */
    void primeKeys() {
        try {
            current.keys().fetch();
        } catch (ProviderUnavailableException e) {
            // the provider's own issuer decides whether it is ready; this one is tried again on demand
        }
    }

    /** Drops the cached keys, as {@link ProviderClient#forgetKeys()} does for the provider's own. */
    void forgetKeys() {
        current = keyed(current.keys().renewed());
    }
}
