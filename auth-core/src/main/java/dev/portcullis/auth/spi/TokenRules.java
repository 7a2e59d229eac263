package dev.portcullis.auth.spi;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A provider's checks on one kind of token, as data. They are applied on top of the checks every token
 * gets (allow-listed signature algorithm with a key from the provider's JWKS, exact {@code iss},
 * {@code exp}/{@code nbf}/{@code iat} within the clock skew, a {@code sub}), and for ID tokens on top of
 * OpenID Connect Core's rules ({@code aud} holds the client id, {@code azp}, {@code nonce}).
 *
 * @param audiences      for access tokens: the token is accepted when its {@code aud} holds at least one of these;
 *                       empty means {@code aud} is not checked (Cognito access tokens carry none). For ID tokens,
 *                       which must always name the client id: the other audiences the client trusts (normally none)
 * @param requiredValues claims that must be present with exactly these string values, for example
 *                       {@code token_use=access} and {@code client_id=<id>} for Cognito access tokens
 */
public record TokenRules(Set<String> audiences, Map<String, String> requiredValues) {

    /** No checks beyond the standard ones. */
    public static final TokenRules STANDARD = new TokenRules(Set.of(), Map.of());

    /**
     * Validates and freezes the rules.
     *
     * @param audiences      accepted audiences
     * @param requiredValues required claim values
     */
    public TokenRules {
        Objects.requireNonNull(audiences, "audiences");
        Objects.requireNonNull(requiredValues, "requiredValues");
        audiences.forEach(a -> requireText(a, "audience"));
        requiredValues.forEach((claim, value) -> {
            requireText(claim, "claim name");
            requireText(value, "value of claim " + claim);
        });
        audiences = Set.copyOf(new LinkedHashSet<>(audiences));
        requiredValues = Map.copyOf(new LinkedHashMap<>(requiredValues));
    }

    /**
     * Rules that accept a token whose {@code aud} holds one of the given values.
     *
     * @param audiences accepted audiences, at least one
     * @return the rules
     */
    public static TokenRules audience(String... audiences) {
        if (audiences.length == 0) {
            throw new IllegalArgumentException("at least one audience is needed");
        }
        return new TokenRules(Set.of(audiences), Map.of());
    }

    /**
     * These rules plus one required claim value.
     *
     * @param claim the claim name
     * @param value the exact value it must have
     * @return new rules
     */
    public TokenRules requireValue(String claim, String value) {
        Map<String, String> values = new LinkedHashMap<>(requiredValues);
        values.put(claim, value);
        return new TokenRules(audiences, values);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
