package dev.portcullis.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;

import dev.portcullis.auth.spi.ProviderDescriptor;
import dev.portcullis.auth.spi.TokenRules;

/**
 * Validates one provider's ID tokens and access tokens, with checks configured once from the provider's
 * descriptor and its JWKS: first the header and signature ({@link JwsCheck}), then the claims ({@link ClaimRules}),
 * which are not checked before the signature verified (only {@code iss} is read before, by the relying party, to
 * choose the provider whose keys verify a bearer token). Immutable and thread-safe.
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

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** The {@code typ} of ID tokens: {@code JWT} or none. */
    static final JOSEObjectTypeVerifier<SecurityContext> ID_TOKEN_TYPES = new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null);

    /** The {@code typ} of access tokens: RFC 9068's {@code at+jwt}, {@code JWT} or none. */
    private static final JOSEObjectTypeVerifier<SecurityContext> ACCESS_TOKEN_TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);

    private final String provider;
    private final JwsCheck idTokenSignatures;
    private final ClaimRules idTokenClaims;
    private final JwsCheck accessTokenSignatures;
    private final ClaimRules accessTokenClaims;
    private final AuthListener listener;

    TokenVerifier(ProviderDescriptor descriptor, String clientId, JWKSource<SecurityContext> keys, Clock clock, Duration skew,
                  AuthListener listener) {
        this.provider = descriptor.name();
        this.listener = listener;
        String issuer = descriptor.issuer().toString();
        VerificationKeys fitKeys = new VerificationKeys(provider, ALLOWED_ALGORITHMS, keys);
        this.idTokenSignatures = new JwsCheck(provider, fitKeys, ID_TOKEN_TYPES);
        this.idTokenClaims = new ClaimRules(issuer, descriptor.idTokenRules(), List.of("iss", "sub", "aud", "exp", "iat"), clientId,
                clock, skew);
        Optional<TokenRules> accessRules = descriptor.accessTokenRules();
        this.accessTokenSignatures = accessRules.isPresent() ? new JwsCheck(provider, fitKeys, ACCESS_TOKEN_TYPES) : null;
        this.accessTokenClaims = accessRules
                .map(rules -> new ClaimRules(issuer, rules, List.of("iss", "sub", "exp"), null, clock, skew))
                .orElse(null);
    }

    /**
     * Validates an ID token from the token endpoint: signature, {@code iss}, {@code aud}/{@code azp},
     * {@code exp}, {@code iat}, {@code sub}, the provider's rules, and the nonce when one is expected.
     */
    JWTClaimsSet verifyIdToken(String token, Optional<String> expectedNonce) {
        return reported(AuthListener.TokenKind.ID_TOKEN, () -> {
            SignedJWT jwt = parseSigned(token);
            idTokenSignatures.verify(jwt);
            JWTClaimsSet claims = claims(jwt, idTokenClaims);
            if (expectedNonce.isPresent() && !ClaimRules.constantTimeEquals(expectedNonce.get(), claims.getClaim("nonce"))) {
                throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, "nonce", "ID token nonce does not match the login", null);
            }
            return claims;
        });
    }

    /** Validates an access token presented as a bearer token. */
    JWTClaimsSet verifyAccessToken(SignedJWT token) {
        if (accessTokenSignatures == null) {
            throw new TokenRejectedException(Reason.TOKEN_FOREIGN, provider, null, "provider accepts no bearer tokens", null);
        }
        return reported(AuthListener.TokenKind.ACCESS_TOKEN, () -> {
            accessTokenSignatures.verify(token);
            return claims(token, accessTokenClaims);
        });
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

    /**
     * Parses a token that must be a JWS; anything else (plain, JWE, garbage, too large, not in canonical base64url) is
     * refused.
     */
    static SignedJWT parseSigned(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(Reason.TOKEN_INVALID, null, null, "token is empty or too large", null);
        }
        if (!canonicalParts(token)) {
            throw new TokenRejectedException(Reason.TOKEN_INVALID, null, null, "token is not in canonical base64url", null);
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

    /**
     * RFC 7515 5.2: each part is base64url without padding, whitespace or any other character, and canonical (unused
     * bits zero). Nimbus's decoder skips what is not base64url, so without this one token would have many spellings,
     * all with a valid signature.
     */
    private static boolean canonicalParts(String token) {
        for (String part : token.split("\\.", -1)) {
            try {
                if (part.indexOf('=') >= 0 || !BASE64URL.encodeToString(Base64.getUrlDecoder().decode(part)).equals(part)) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }

    /** The claims of a token whose signature was verified, checked against the rules. */
    private JWTClaimsSet claims(SignedJWT jwt, ClaimRules rules) {
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, null, "token claims are not a valid JSON object", null);
        }
        try {
            rules.verify(claims, null);
        } catch (ClaimRules.ClaimException e) {
            throw new TokenRejectedException(e.expired() ? Reason.TOKEN_EXPIRED : Reason.TOKEN_INVALID, provider, e.claim(),
                    e.getMessage(), null);
        } catch (BadJWTException e) {
            throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, null, e.getMessage(), null);
        }
        return claims;
    }
}
