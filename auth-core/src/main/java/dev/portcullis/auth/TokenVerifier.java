package dev.portcullis.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

/**
 * Validates one provider's ID tokens and access tokens, with processors configured once from the
 * provider's descriptor and its JWKS. Immutable and thread-safe.
 * <p>
 * Only asymmetric signatures are accepted (RSA PKCS#1 and PSS, ECDSA); {@code none}, HMAC (which would
 * let anyone holding the public key or the client secret forge tokens), JWE and unsigned tokens are
 * refused. Keys come only from the provider's JWKS, never from the token's own {@code jwk}, {@code jku} or
 * {@code x5u} headers. When a token has no {@code kid}, every provider key of the right type is tried.
 */
final class TokenVerifier {

    static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Bearer and ID tokens larger than this are refused before parsing. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final JOSEObjectType APPLICATION_AT_JWT = new JOSEObjectType("application/at+jwt");

    private final String provider;
    private final DefaultJWTProcessor<SecurityContext> idTokens;
    private final DefaultJWTProcessor<SecurityContext> accessTokens;
    private final AuthListener listener;

    TokenVerifier(ProviderDescriptor descriptor, String clientId, JWKSource<SecurityContext> keys, Clock clock, Duration skew,
                  AuthListener listener) {
        this.provider = descriptor.name();
        this.listener = listener;
        String issuer = descriptor.issuer().toString();
        JWSVerificationKeySelector<SecurityContext> keySelector = new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys);

        this.idTokens = processor(keySelector,
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null),
                new ClaimRules(issuer, descriptor.idTokenRules(), List.of("iss", "sub", "aud", "exp", "iat"), clientId, clock, skew));

        this.accessTokens = descriptor.accessTokenRules()
                .map(rules -> processor(keySelector,
                        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, AT_JWT, APPLICATION_AT_JWT, null),
                        new ClaimRules(issuer, rules, List.of("iss", "sub", "exp"), null, clock, skew)))
                .orElse(null);
    }

    /**
     * Validates an ID token from the token endpoint: signature, {@code iss}, {@code aud}/{@code azp},
     * {@code exp}, {@code iat}, {@code sub}, the provider's rules, and the nonce when one is expected.
     */
    JWTClaimsSet verifyIdToken(String token, Optional<String> expectedNonce) {
        return reported(AuthListener.TokenKind.ID_TOKEN, () -> {
            SignedJWT jwt = parseSigned(token);
            JWTClaimsSet claims = process(idTokens, jwt);
            if (expectedNonce.isPresent() && !ClaimRules.constantTimeEquals(expectedNonce.get(), claims.getClaim("nonce"))) {
                throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, "nonce", "ID token nonce does not match the login", null);
            }
            return claims;
        });
    }

    /** Validates an access token presented as a bearer token. */
    JWTClaimsSet verifyAccessToken(SignedJWT token) {
        if (accessTokens == null) {
            throw new TokenRejectedException(Reason.TOKEN_FOREIGN, provider, null, "provider accepts no bearer tokens", null);
        }
        return reported(AuthListener.TokenKind.ACCESS_TOKEN, () -> process(accessTokens, token));
    }

    /** Runs one validation and tells the listener its outcome and how long it took (for metrics, never for a decision). */
    private JWTClaimsSet reported(AuthListener.TokenKind kind, Supplier<JWTClaimsSet> validation) {
        long start = System.nanoTime();
        Optional<Reason> rejection = Optional.of(Reason.TOKEN_INVALID);
        try {
            JWTClaimsSet claims = validation.get();
            rejection = Optional.empty();
            return claims;
        } catch (AuthException e) {
            rejection = Optional.of(e.reason());
            throw e;
        } finally {
            listener.tokenValidated(provider, kind, rejection, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Parses a token that must be a JWS; anything else (plain, JWE, garbage, too large) is refused. */
    static SignedJWT parseSigned(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(Reason.TOKEN_INVALID, null, null, "token is empty or too large", null);
        }
        try {
            JWT jwt = JWTParser.parse(token);
            if (jwt instanceof SignedJWT signed) {
                return signed;
            }
            throw new TokenRejectedException(Reason.TOKEN_INVALID, null, "alg", "token is not signed", null);
        } catch (ParseException | RuntimeException e) {
            if (e instanceof TokenRejectedException rejected) {
                throw rejected;
            }
            throw new TokenRejectedException(Reason.TOKEN_INVALID, null, null, "token is not a well-formed JWT", null);
        }
    }

    private JWTClaimsSet process(DefaultJWTProcessor<SecurityContext> processor, SignedJWT jwt) {
        try {
            return processor.process(jwt, null);
        } catch (ClaimRules.ClaimException e) {
            throw new TokenRejectedException(e.expired() ? Reason.TOKEN_EXPIRED : Reason.TOKEN_INVALID, provider, e.claim(),
                    e.getMessage(), null);
        } catch (KeySourceException e) {
            // the keys could not be fetched: the provider's fault, not the token's; never a reason to sign anyone out
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, provider, "provider keys are unavailable", e);
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            // bad signature, algorithm not allowed, no matching key, wrong typ, critical header, malformed claims
            throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, null, "token rejected: " + e.getMessage(), null);
        }
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWSVerificationKeySelector<SecurityContext> keys,
                                                                 DefaultJOSEObjectTypeVerifier<SecurityContext> types,
                                                                 ClaimRules rules) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(types);
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(rules);
        return processor;
    }
}
