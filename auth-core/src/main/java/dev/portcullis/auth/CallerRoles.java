package dev.portcullis.auth;

import java.util.LinkedHashSet;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * How one provider's tokens give a caller's roles (the MicroProfile JWT {@code groups}, and what
 * {@code @RolesAllowed} checks): the values of the provider's groups claim, and with
 * {@code auth.<name>.roles-from-scope=true} also the values of a validated access token's {@code scope}. A
 * machine-to-machine token (a {@code client_credentials} grant) has no user and so no groups: what it may do is in its
 * scopes alone, such as Cognito's {@code orders/read}. Off by default, because a scope is what a client asked for and
 * the provider granted, not a membership: an application turns it on where its roles are named as its scopes are.
 * Immutable.
 *
 * @param groupsClaim the provider's groups claim, for example {@code cognito:groups}
 * @param fromScope   whether an access token's {@code scope} values are roles too
 */
record CallerRoles(String groupsClaim, boolean fromScope) {

    /**
     * The roles of a caller with this validated access token: its groups, then its scopes when they count.
     *
     * @param accessClaims the claims of an access token that validated for this service
     * @return the roles, groups first
     */
    Set<String> ofAccessToken(JWTClaimsSet accessClaims) {
        Set<String> roles = new LinkedHashSet<>(GroupsClaim.read(accessClaims.getClaim(groupsClaim)));
        roles.addAll(scopeRoles(accessClaims));
        return roles;
    }

    /**
     * The roles an access token's {@code scope} gives: its space-separated values when they count, else none.
     *
     * @param accessClaims the claims of an access token that validated for this service
     * @return the scope values, in order; empty when roles do not come from scopes
     */
    Set<String> scopeRoles(JWTClaimsSet accessClaims) {
        // RFC 9068 2.2.3: scope is one string of space-separated values; GroupsClaim reads that (and a list) alike
        return fromScope ? GroupsClaim.read(accessClaims.getClaim("scope")) : Set.of();
    }
}
