package dev.portcullis.service;

import java.net.http.HttpResponse;

import com.nimbusds.jwt.JWTClaimsSet;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import dev.portcullis.service.annotations.AnnotatedApplication;
import dev.portcullis.service.annotations.AnnotatedResource;

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
 * {@code auth.cognito.allowed-client-ids}: bearer tokens of the app clients listed are accepted, a machine-to-machine
 * client's {@code client_credentials} token among them; the list replaces the default (this service's own client id),
 * so a client not listed, this service's own here, is refused. Without {@code auth.cognito.roles-from-scope} an M2M
 * token's scopes are no roles.
 */
@HelidonTest
@AddBean(AnnotatedApplication.class)
@AddBean(AnnotatedResource.class)
class CognitoMachineClientsTest {

    /** A second M2M client of the pool, listed but never used here: the list is a set, not one value. */
    static final String REPORTS_CLIENT_ID = "portcullis-test-reports";

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito")
            .setting("auth.cognito.allowed-client-ids", EmbeddedProvider.M2M_CLIENT_ID + "," + REPORTS_CLIENT_ID)
            .build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Test
    void anM2mTokenOfAListedClientIsAccepted() {
        String token = PROVIDER.machineAccessToken("cognito", "orders/read");

        HttpResponse<String> answer = bearer(SERVICE.url("/api/me"), token);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonObject me = json(answer);
        assertThat(me.getString("sub")).isEqualTo(EmbeddedProvider.M2M_CLIENT_ID);
        assertThat(me.getString("provider")).isEqualTo("cognito");
        assertThat(me.getString("source")).isEqualTo("bearer");
        assertThat(me.getJsonArray("groups")).as("no user, no cognito:groups; scopes are not roles by default").isEmpty();
    }

    @Test
    void rolesAllowedOrdersReadAnswers403ToAnM2mTokenWithThatScopeWhenRolesFromScopeIsOff() {
        String token = PROVIDER.machineAccessToken("cognito", "orders/read");
        assertThat(claims(token).getClaim("scope")).isEqualTo("orders/read");

        HttpResponse<String> answer = bearer(SERVICE.url("/user-app/annotated/orders"), token);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(json(answer).getString("error")).isEqualTo("forbidden");
    }

    @Test
    void theM2mTokenCarriesWhatACognitoClientCredentialsTokenCarries() {
        JWTClaimsSet claims = claims(PROVIDER.machineAccessToken("cognito", "orders/read orders/write"));

        assertThat(claims.getIssuer()).isEqualTo(PROVIDER.cognitoIssuer().toString());
        assertThat(claims.getClaim("token_use")).isEqualTo("access");
        assertThat(claims.getClaim("client_id")).isEqualTo(EmbeddedProvider.M2M_CLIENT_ID);
        assertThat(claims.getSubject()).isEqualTo(EmbeddedProvider.M2M_CLIENT_ID);
        assertThat(claims.getClaim("scope")).isEqualTo("orders/read orders/write");
        assertThat(claims.getClaims()).doesNotContainKeys("username", "aud", "cognito:groups");
    }

    @Test
    void aTokenOfAClientNotListedIsRefusedEvenTheServicesOwn() {
        String token = SERVICE.bearerToken(TestUser.named("dana"));
        assertThat(claims(token).getClaim("client_id")).isEqualTo(EmbeddedProvider.CLIENT_ID);

        HttpResponse<String> answer = bearer(SERVICE.url("/api/me"), token);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @Test
    void signInThroughTheServiceStillWorksItsIdTokenIsForTheServicesOwnClient() {
        String cookie = SERVICE.sessionCookie(TestUser.named("erin"));

        HttpResponse<String> answer = new Browser().send(Browser.request(SERVICE.url("/api/me"))
                .header("Accept", "application/json").header("Cookie", cookie).GET());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).getString("source")).isEqualTo("session");
    }
}
