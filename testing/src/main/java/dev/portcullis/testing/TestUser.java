package dev.portcullis.testing;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user the embedded provider signs in: a subject, the groups the provider puts in its groups claim (which become the
 * caller's roles), and any other claims for its tokens. Immutable.
 *
 * @param subject the provider's {@code sub}
 * @param groups  the groups
 * @param claims  other claims of the ID and access tokens ({@code name}, {@code email}, ...), JSON values
 */
public record TestUser(String subject, Set<String> groups, Map<String, Object> claims) {

    /**
     * Checks and copies the parts.
     *
     * @param subject the provider's {@code sub}; not blank
     * @param groups  the groups
     * @param claims  other claims
     */
    public TestUser {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a test user needs a subject");
        }
        groups = Set.copyOf(groups);
        claims = Map.copyOf(claims);
    }

    /**
     * A user with no groups and no other claims.
     *
     * @param subject the provider's {@code sub}
     * @return the user
     */
    public static TestUser named(String subject) {
        return new TestUser(subject, Set.of(), Map.of());
    }

    /**
     * This user, in these groups as well.
     *
     * @param moreGroups groups, as the resource's {@code @RolesAllowed} names them
     * @return the user
     */
    public TestUser inGroups(String... moreGroups) {
        Set<String> all = new LinkedHashSet<>(groups);
        all.addAll(Set.of(moreGroups));
        return new TestUser(subject, all, claims);
    }

    /**
     * This user, with one more claim in its tokens.
     *
     * @param name  the claim
     * @param value its JSON value: a string, number, boolean, list or map
     * @return the user
     */
    public TestUser withClaim(String name, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new TestUser(subject, groups, all);
    }

    /**
     * The claims the provider is asked to put in this user's tokens, with the groups in the claim the provider shape
     * reads them from ({@code groups}, Auth0's namespaced roles claim, {@code cognito:groups}).
     *
     * @param groupsClaim the shape's groups claim
     * @return the claims
     */
    Map<String, Object> tokenClaims(String groupsClaim) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.put(groupsClaim, groups.stream().sorted().toList());
        return all;
    }
}
