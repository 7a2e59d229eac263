package dev.portcullis.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;

import dev.portcullis.auth.spi.TokenRules;

/**
 * The claim checks for one kind of token from one provider, configured once: exact issuer, the standard
 * time claims against an injected clock with a bounded skew, required claims, the provider's audience,
 * required values and allowed values, and for ID tokens the {@code azp} rule of OpenID Connect Core 3.1.3.7. Immutable and
 * thread-safe. A failure names the claim that failed.
 */
final class ClaimRules implements JWTClaimsSetVerifier<SecurityContext> {

    /** A failed check, naming the claim. */
    static final class ClaimException extends BadJWTException {
        private final String claim;
        private final boolean expired;

        ClaimException(String claim, String message) {
            this(claim, message, false);
        }

        ClaimException(String claim, String message, boolean expired) {
            super(message);
            this.claim = claim;
            this.expired = expired;
        }

        String claim() {
            return claim;
        }

        boolean expired() {
            return expired;
        }
    }

    private final String issuer;
    private final Set<String> audiences;
    private final Map<String, String> requiredValues;
    private final Map<String, Set<String>> allowedValues;
    private final List<String> requiredClaims;
    private final String authorizedParty;
    private final Clock clock;
    private final Duration skew;

    /**
     * @param issuer          the exact {@code iss}
     * @param rules           the provider's audience and value rules; for ID tokens its audiences are the ones
     *                        trusted besides the client id
     * @param requiredClaims  claims that must be present
     * @param authorizedParty for ID tokens, the client id that {@code azp} must equal when present, and that must
     *                        be present when {@code aud} has several values; every other audience of an ID token
     *                        must be one of the rules' audiences; null for access tokens
     */
    ClaimRules(String issuer, TokenRules rules, List<String> requiredClaims, String authorizedParty, Clock clock, Duration skew) {
        this.issuer = issuer;
        this.audiences = rules.audiences();
        this.requiredValues = rules.requiredValues();
        this.allowedValues = rules.allowedValues();
        this.requiredClaims = List.copyOf(requiredClaims);
        this.authorizedParty = authorizedParty;
        this.clock = clock;
        this.skew = skew;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        for (String claim : requiredClaims) {
            if (claims.getClaim(claim) == null) {
                throw new ClaimException(claim, "required claim is missing");
            }
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new ClaimException("iss", "issuer is not the provider's");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp != null && !now.isBefore(exp.toInstant().plus(skew))) {
            throw new ClaimException("exp", "token has expired", true);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new ClaimException("nbf", "token is not valid yet");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(skew).isBefore(iat.toInstant())) {
            throw new ClaimException("iat", "token was issued in the future");
        }
        List<String> aud = claims.getAudience();
        if (authorizedParty == null) {
            if (!audiences.isEmpty() && aud.stream().noneMatch(audiences::contains)) {
                throw new ClaimException("aud", "token is not for this audience");
            }
        } else {
            // OpenID Connect Core 3.1.3.7 (3): issued to this client, and no audience this client does not trust
            if (!aud.contains(authorizedParty)) {
                throw new ClaimException("aud", "token was not issued to this client");
            }
            for (String audience : aud) {
                if (!authorizedParty.equals(audience) && !audiences.contains(audience)) {
                    throw new ClaimException("aud", "token names an audience this client does not trust");
                }
            }
            Object azp = claims.getClaim("azp");
            if (azp != null && !authorizedParty.equals(azp)) {
                throw new ClaimException("azp", "token was issued to another client");
            }
            if (azp == null && aud.size() > 1) {
                throw new ClaimException("azp", "token has several audiences and no authorized party");
            }
        }
        for (Map.Entry<String, String> required : requiredValues.entrySet()) {
            if (!required.getValue().equals(claims.getClaim(required.getKey()))) {
                throw new ClaimException(required.getKey(), "claim does not have the required value");
            }
        }
        for (Map.Entry<String, Set<String>> allowed : allowedValues.entrySet()) {
            // a string only: a list or number that prints like an allowed value is not one
            if (!(claims.getClaim(allowed.getKey()) instanceof String value) || !allowed.getValue().contains(value)) {
                throw new ClaimException(allowed.getKey(), "claim does not have one of the allowed values");
            }
        }
    }

    /** Compares a secret value (state, nonce) in constant time. */
    static boolean constantTimeEquals(String expected, Object actual) {
        return actual instanceof String value
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
