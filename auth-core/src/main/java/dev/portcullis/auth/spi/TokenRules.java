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
 *                       {@code token_use=access} for Cognito access tokens
 * @param allowedValues  claims that must be present with a string value that is one of a set, for example
 *                       {@code client_id} of a Cognito access token: this service's own client id, or one of the
 *                       machine-to-machine clients it trusts; a claim is either here or in {@code requiredValues}
 */
public record TokenRules(Set<String> audiences, Map<String, String> requiredValues, Map<String, Set<String>> allowedValues) {

    /** No checks beyond the standard ones. */
    public static final TokenRules STANDARD = new TokenRules(Set.of(), Map.of());

    /**
     * Validates and freezes the rules.
     *
     * @param audiences      accepted audiences
     * @param requiredValues required claim values
     * @param allowedValues  claims whose value must be one of a set, each set not empty
     */
    public TokenRules {
        Objects.requireNonNull(audiences, "audiences");
        Objects.requireNonNull(requiredValues, "requiredValues");
        Objects.requireNonNull(allowedValues, "allowedValues");
        audiences.forEach(a -> requireText(a, "audience"));
        requiredValues.forEach((claim, value) -> {
            requireText(claim, "claim name");
            requireText(value, "value of claim " + claim);
        });
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> entry : allowedValues.entrySet()) {
            String claim = entry.getKey();
            requireText(claim, "claim name");
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                // an empty set would refuse every token: a mistake, never a policy
                throw new IllegalArgumentException("claim " + claim + " needs at least one allowed value");
            }
            entry.getValue().forEach(value -> requireText(value, "allowed value of claim " + claim));
            if (requiredValues.containsKey(claim)) {
                throw new IllegalArgumentException("claim " + claim + " has both a required value and allowed values");
            }
            allowed.put(claim, Set.copyOf(new LinkedHashSet<>(entry.getValue())));
        }
        audiences = Set.copyOf(new LinkedHashSet<>(audiences));
        requiredValues = Map.copyOf(new LinkedHashMap<>(requiredValues));
        allowedValues = Map.copyOf(allowed);
    }

    /**
     * Rules without claims limited to a set of values.
     *
     * @param audiences      accepted audiences
     * @param requiredValues required claim values
     */
    public TokenRules(Set<String> audiences, Map<String, String> requiredValues) {
        this(audiences, requiredValues, Map.of());
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
        return new TokenRules(audiences, values, allowedValues);
    }

    /**
     * These rules plus one claim whose value must be one of a set.
     *
     * @param claim  the claim name
     * @param values the values it may have, at least one
     * @return new rules
     */
    public TokenRules requireOneOf(String claim, Set<String> values) {
        Map<String, Set<String>> allowed = new LinkedHashMap<>(allowedValues);
        allowed.put(claim, values);
        return new TokenRules(audiences, requiredValues, allowed);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
