package dev.portcullis.auth;

import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.<name>.roles-from-scope}: an access token's {@code scope} values become roles besides its groups claim,
 * only when it is on.
 */
class CallerRolesTest {

    private static final JWTClaimsSet M2M = new JWTClaimsSet.Builder()
            .subject("m2m-client").claim("token_use", "access").claim("client_id", "m2m-client")
            .claim("scope", "orders/read  orders/write").build();
    private static final JWTClaimsSet USER = new JWTClaimsSet.Builder()
            .subject("dana").claim("cognito:groups", List.of("staff", "orders/read")).claim("scope", "openid orders/read email").build();

    @Test
    void scopesAreNotRolesByDefault() {
        CallerRoles roles = new CallerRoles("cognito:groups", false);

        assertThat(roles.ofAccessToken(M2M)).isEmpty();
        assertThat(roles.ofAccessToken(USER)).containsExactly("staff", "orders/read");
        assertThat(roles.scopeRoles(USER)).isEmpty();
    }

    @Test
    void withRolesFromScopeTheScopeValuesAreRolesAfterTheGroups() {
        CallerRoles roles = new CallerRoles("cognito:groups", true);

        assertThat(roles.ofAccessToken(M2M)).containsExactly("orders/read", "orders/write");
        assertThat(roles.ofAccessToken(USER)).containsExactly("staff", "orders/read", "openid", "email");
        assertThat(roles.scopeRoles(USER)).containsExactly("openid", "orders/read", "email");
    }

    @Test
    void aTokenWithoutScopeGivesNoRoleFromIt() {
        CallerRoles roles = new CallerRoles("groups", true);
        JWTClaimsSet noScope = new JWTClaimsSet.Builder().subject("x").claim("groups", List.of("g")).build();
        JWTClaimsSet blankScope = new JWTClaimsSet.Builder().subject("x").claim("scope", "  ").build();

        assertThat(roles.ofAccessToken(noScope)).containsExactly("g");
        assertThat(roles.ofAccessToken(blankScope)).isEmpty();
    }
}
