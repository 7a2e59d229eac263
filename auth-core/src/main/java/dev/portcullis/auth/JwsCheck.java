package dev.portcullis.auth;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEProcessor;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;

/**
 * The signature and header step of token validation, before any claim is looked at: the {@code typ} must be one
 * the kind of token allows, the {@code alg} one of the allowed algorithms, and the signature must verify with a key
 * of the provider's key set that {@link VerificationKeys} finds fit. Critical headers ({@code crit}) are refused
 * (Nimbus's verifiers understand none). Nimbus's JOSE processor does the work, with RSA verifiers that reuse their
 * JDK signatures ({@link ReusedRsaVerifiers}). Immutable and thread-safe.
 */
final class JwsCheck {

    private final String provider;
    private final DefaultJOSEProcessor<SecurityContext> processor = new DefaultJOSEProcessor<>();

    /**
     * @param provider   the provider name, for exceptions and logs
     * @param keys       the provider's key set
     * @param algorithms the allowed algorithms: {@link TokenVerifier#ALLOWED_ALGORITHMS} in production; tests pass
     *                   others to run every published test vector through this same step
     * @param types      the allowed {@code typ} values
     */
    JwsCheck(String provider, JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms,
             JOSEObjectTypeVerifier<SecurityContext> types) {
        this(provider, new VerificationKeys(provider, algorithms, keys), types);
    }

    /**
     * @param provider the provider name, for exceptions and logs
     * @param keys     the fit keys of the provider's key set, shared by the checks of one key set (so an unfit key is
     *                 reported once, not once per kind of token)
     * @param types    the allowed {@code typ} values
     */
    JwsCheck(String provider, VerificationKeys keys, JOSEObjectTypeVerifier<SecurityContext> types) {
        this.provider = provider;
        processor.setJWSTypeVerifier(types);
        processor.setJWSKeySelector(keys);
        processor.setJWSVerifierFactory(keys.verifiers());
    }

    /**
     * Returns when the token's header is acceptable and its signature verifies.
     *
     * @return the key of the provider's set that verified it, when the token names it by {@code kid} and no other key
     *         was tried (so that it was this one key, and no second verification is needed to know it)
     * @throws TokenRejectedException       when it does not
     * @throws ProviderUnavailableException when the provider's keys cannot be fetched
     */
    Optional<JWK> verify(SignedJWT token) {
        VerificationKeys.Selection selection = new VerificationKeys.Selection();
        try {
            processor.process(token, selection);
            List<JWK> tried = selection.candidates();
            return token.getHeader().getKeyID() != null && tried.size() == 1 ? Optional.of(tried.get(0)) : Optional.empty();
        } catch (KeySourceException e) {
            // the keys could not be fetched: the provider's fault, not the token's; never a reason to sign anyone out
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, provider, "provider keys are unavailable", e);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            // bad signature, algorithm not allowed, no fit key, wrong typ, critical header
            throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, null, "token rejected: " + e.getMessage(), null);
        }
    }
}
