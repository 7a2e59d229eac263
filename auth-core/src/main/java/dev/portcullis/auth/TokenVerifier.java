package dev.portcullis.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
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

    /** Each ASCII character's value in base64url, -1 for one that is not in its alphabet. */
    private static final byte[] BASE64URL_VALUES = new byte[128];

    static {
        Arrays.fill(BASE64URL_VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64URL_VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    /** Bearer and ID tokens larger than this are refused before parsing. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;


    /** The {@code typ} of ID tokens: {@code JWT} or none. */
    static final JOSEObjectTypeVerifier<SecurityContext> ID_TOKEN_TYPES = new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null);

    /** The {@code typ} of access tokens: RFC 9068's {@code at+jwt}, {@code JWT} or none. */
    private static final JOSEObjectTypeVerifier<SecurityContext> ACCESS_TOKEN_TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);

    /** The {@code typ} of logout tokens: {@code logout+jwt} where sent (Back-Channel Logout 1.0, 2.4). */
    private static final JOSEObjectTypeVerifier<SecurityContext> LOGOUT_TOKEN_TYPES = new DefaultJOSEObjectTypeVerifier<>(
            new JOSEObjectType("logout+jwt"), new JOSEObjectType("application/logout+jwt"), null);

    private final String provider;
    private final JwsCheck logoutTokenSignatures;
    private final ClaimRules logoutTokenClaims;
    private final JwsCheck idTokenSignatures;
    private final ClaimRules idTokenClaims;
    private final JwsCheck accessTokenSignatures;
    private final ClaimRules accessTokenClaims;
    private final AuthListener listener;

    TokenVerifier(ProviderDescriptor descriptor, String clientId, JWKSource<SecurityContext> keys, Clock clock, Duration skew,
                  AuthListener listener) {
        this(descriptor, descriptor.issuer(), clientId, keys, clock, skew, listener);
    }

    /**
     * A verifier for tokens of one of the provider's issuers: its own, or one of its {@linkplain
     * ProviderDescriptor#otherBearerIssuers() other bearer issuers}, whose keys these are.
     */
    TokenVerifier(ProviderDescriptor descriptor, URI issuerUri, String clientId, JWKSource<SecurityContext> keys, Clock clock,
                  Duration skew, AuthListener listener) {
        this.provider = descriptor.name();
        this.listener = listener;
        String issuer = issuerUri.toString();
        VerificationKeys fitKeys = new VerificationKeys(provider, ALLOWED_ALGORITHMS, keys);
        this.idTokenSignatures = new JwsCheck(provider, fitKeys, ID_TOKEN_TYPES);
        this.logoutTokenSignatures = new JwsCheck(provider, fitKeys, LOGOUT_TOKEN_TYPES);
        // validated like an ID token of this provider: issuer, audience (this client), iat, exp where present
        this.logoutTokenClaims = new ClaimRules(issuer, TokenRules.STANDARD, List.of("iss", "aud", "iat", "jti", "events"), clientId,
                clock, skew);
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
            JWTClaimsSet claims = checked(payloadClaims(jwt, provider), idTokenClaims);
            if (expectedNonce.isPresent() && !ClaimRules.constantTimeEquals(expectedNonce.get(), claims.getClaim("nonce"))) {
                throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, "nonce", "ID token nonce does not match the login", null);
            }
            return claims;
        });
    }

    /**
     * Validates a logout token (Back-Channel Logout 1.0, 2.6): signature and {@code typ}, {@code iss}, {@code aud},
     * {@code iat}, {@code exp} where present, {@code jti}, the back-channel logout event, {@code sid} and/or
     * {@code sub}, and no {@code nonce}.
     */
    JWTClaimsSet verifyLogoutToken(String token) {
        return reported(AuthListener.TokenKind.ID_TOKEN, () -> {
            SignedJWT jwt = parseSigned(token);
            logoutTokenSignatures.verify(jwt);
            JWTClaimsSet claims = checked(payloadClaims(jwt, provider), logoutTokenClaims);
            Object events = claims.getClaim("events");
            if (!(events instanceof java.util.Map<?, ?> map && map.get(BACKCHANNEL_LOGOUT_EVENT) instanceof java.util.Map<?, ?>)) {
                throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, "events", "not a back-channel logout event", null);
            }
            if (claims.getClaim("nonce") != null) {
                throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, "nonce", "a logout token has no nonce", null);
            }
            if (!(claims.getClaim("sid") instanceof String) && claims.getSubject() == null) {
                throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, "sid", "a logout token names a sid or a sub", null);
            }
            return claims;
        });
    }

    /** The member of {@code events} that makes a JWT a logout token. */
    static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /** Validates an access token presented as a bearer token. */
    VerifiedAccessToken verifyAccessToken(SignedJWT token) {
        return verifyAccessToken(token, Optional.empty());
    }

    /**
     * Validates an access token presented as a bearer token, whose payload the caller has already read (to find its
     * issuer) with {@link #payloadClaims(SignedJWT, String)}: the claims are trusted only once the signature over that same
     * payload verifies.
     */
    VerifiedAccessToken verifyAccessToken(SignedJWT token, JWTClaimsSet payload) {
        return verifyAccessToken(token, Optional.of(payload));
    }

    private VerifiedAccessToken verifyAccessToken(SignedJWT token, Optional<JWTClaimsSet> payloadRead) {
        if (accessTokenSignatures == null) {
            throw new TokenRejectedException(Reason.TOKEN_FOREIGN, provider, null, "provider accepts no bearer tokens", null);
        }
        return reported(AuthListener.TokenKind.ACCESS_TOKEN, () -> {
            // the signature first: a token whose signature fails is refused for that, whatever its payload holds
            Optional<JWK> key = accessTokenSignatures.verify(token);
            JWTClaimsSet payload = payloadRead.orElseGet(() -> payloadClaims(token, provider));
            return new VerifiedAccessToken(checked(payload, accessTokenClaims), key);
        });
    }

    /**
     * A valid access token.
     *
     * @param claims its claims
     * @param key    the key of the provider's set that verified it, when that is known without a second verification
     *               (see {@link JwsCheck#verify(SignedJWT)})
     */
    record VerifiedAccessToken(JWTClaimsSet claims, Optional<JWK> key) {
    }

    /** Runs one validation and tells the listener its outcome and how long it took (for metrics, never for a decision). */
    private <T> T reported(AuthListener.TokenKind kind, Supplier<T> validation) {
        long start = System.nanoTime();
        Optional<Reason> rejection = Optional.of(Reason.TOKEN_INVALID);
        try {
            T verified = validation.get();
            rejection = Optional.empty();
            return verified;
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
            // parsed as a JWS straight away: JWTParser would decode and parse the header once more to find out that it is
            // one, and then hand the token to this same parser, which accepts exactly the JWSs JWTParser would
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            // not a JWS: JWTParser tells an unsigned or encrypted JWT from one that is not well-formed
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
     * all with a valid signature. Checked character by character: this runs for every token a caller presents.
     */
    private static boolean canonicalParts(String token) {
        // the token's characters as bytes, one copy, for a loop the compiler keeps tight (a character past Latin-1
        // becomes '?', which is not base64url either)
        byte[] chars = token.getBytes(StandardCharsets.ISO_8859_1);
        int partStart = 0;
        for (int i = 0; i <= chars.length; i++) {
            if (i == chars.length || chars[i] == '.') {
                if (!canonicalPart(chars, partStart, i)) {
                    return false;
                }
                partStart = i + 1;
            }
        }
        return true;
    }

    private static boolean canonicalPart(byte[] chars, int start, int end) {
        // every character looked up and none branched on, so the loop runs straight through: a value of -1 from the
        // table, or a character past ASCII (a negative byte), makes the sign bit of the OR stick
        int values = 0;
        for (int i = start; i < end; i++) {
            values |= BASE64URL_VALUES[chars[i] & 0x7F] | chars[i];
        }
        if (values < 0) {
            return false;
        }
        int lastValue = end > start ? BASE64URL_VALUES[chars[end - 1]] : 0;
        // a part of 4n+1 characters cannot be; the last character of 4n+2 (4n+3) carries 4 (2) bits that must be zero
        return switch ((end - start) % 4) {
            case 1 -> false;
            case 2 -> (lastValue & 0x0F) == 0;
            case 3 -> (lastValue & 0x03) == 0;
            default -> true;
        };
    }

    /**
     * The claims of a token's payload, not yet trusted. Decoded with the JDK's decoder, which gives the same bytes as
     * Nimbus's for the canonical base64url {@link #parseSigned(String)} lets through, in a fraction of the time.
     *
     * @param provider the provider the token is checked for, when known (for the exception)
     * @throws TokenRejectedException when the payload is not a JSON object
     */
    static JWTClaimsSet payloadClaims(SignedJWT jwt, String provider) {
        try {
            // the payload as it was received: Payload.toBase64URL of a verified token encodes its JSON anew (seen in profiles)
            Base64URL[] parts = jwt.getParsedParts();
            Base64URL received = parts != null ? parts[1] : jwt.getPayload().toBase64URL();
            byte[] payload = Base64.getUrlDecoder().decode(received.toString());
            return JWTClaimsSet.parse(new String(payload, StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException(Reason.TOKEN_INVALID, provider, null, "token claims are not a valid JSON object", null);
        }
    }

    private JWTClaimsSet checked(JWTClaimsSet claims, ClaimRules rules) {
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
