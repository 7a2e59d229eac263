package dev.portcullis.service;

import java.net.http.HttpResponse;

import dev.portcullis.service.annotations.AnnotatedApplication;
import dev.portcullis.service.annotations.AnnotatedResource;
import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.BearerCalls.bearer;
import static dev.portcullis.service.testing.BearerCalls.claims;
import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.cognito.roles-from-scope=true}: the {@code scope} values of an access token are roles, so
 * {@code @RolesAllowed("orders/read")} guards a call of a machine-to-machine app client
 * ({@code auth.cognito.allowed-client-ids} lists it) that was granted that custom scope; groups still count.
 */
@HelidonTest
@AddBean(AnnotatedApplication.class)
@AddBean(AnnotatedResource.class)
class CognitoScopeRolesTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito")
            .setting("auth.cognito.allowed-client-ids", EmbeddedProvider.CLIENT_ID + "," + EmbeddedProvider.M2M_CLIENT_ID)
            .setting("auth.cognito.roles-from-scope", "true")
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Test
    void rolesAllowedOrdersReadAnswers200ToAnM2mTokenWithThatScope() {
        String token = PROVIDER.machineAccessToken("cognito", "orders/read");
        assertThat(claims(token).getClaim("scope")).isEqualTo("orders/read");
        assertThat(claims(token).getClaim("client_id")).isEqualTo(EmbeddedProvider.M2M_CLIENT_ID);

        HttpResponse<String> answer = bearer(SERVICE.url("/user-app/annotated/orders"), token);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonObject body = json(answer);
        assertThat(body.getString("name")).isEqualTo(EmbeddedProvider.M2M_CLIENT_ID);
        assertThat(body.getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("orders/read");
    }

    @Test
    void rolesAllowedOrdersReadAnswers403ToAnM2mTokenWithoutThatScope() {
        String otherScope = PROVIDER.machineAccessToken("cognito", "orders/write");
        String noScope = PROVIDER.machineAccessToken("cognito", null);
        assertThat(claims(noScope).getClaims()).doesNotContainKey("scope");

        assertThat(bearer(SERVICE.url("/user-app/annotated/orders"), otherScope).statusCode()).isEqualTo(403);
        assertThat(bearer(SERVICE.url("/user-app/annotated/orders"), noScope).statusCode()).isEqualTo(403);
        assertThat(bearer(SERVICE.url("/api/me"), noScope).statusCode()).as("still a valid caller").isEqualTo(200);
    }

    @Test
    void aScopeIsNotTheSameRoleWithAnotherSpelling() {
        String token = PROVIDER.machineAccessToken("cognito", "orders/read:all orders");

        assertThat(bearer(SERVICE.url("/user-app/annotated/orders"), token).statusCode()).isEqualTo(403);
    }

    @Test
    void groupsStillGiveRolesBesideTheScopes() {
        String token = SERVICE.bearerToken(TestUser.named("dana").inGroups("staff"));

        HttpResponse<String> staff = bearer(SERVICE.url("/user-app/annotated/staff"), token);

        assertThat(staff.statusCode()).as(staff.body()).isEqualTo(200);
        assertThat(json(staff).getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("email", "openid", "profile", "staff");
    }

    @Test
    void aBrowserSessionGetsTheScopesOfItsAccessTokenAsRolesToo() {
        String cookie = SERVICE.sessionCookie(TestUser.named("erin").inGroups("staff"));

        HttpResponse<String> answer = new Browser().send(Browser.request(SERVICE.url("/user-app/annotated/staff"))
                .header("Accept", "application/json").header("Cookie", cookie).GET());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("email", "openid", "profile", "staff");
    }
}
