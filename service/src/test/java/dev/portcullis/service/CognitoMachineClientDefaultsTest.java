package dev.portcullis.service;

import java.net.http.HttpResponse;
import java.util.List;

import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.portcullis.service.testing.BearerCalls.bearer;
import static dev.portcullis.service.testing.BearerCalls.claims;
import static dev.portcullis.service.testing.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Cognito user pool without {@code auth.cognito.allowed-client-ids}: only access tokens whose {@code client_id} is
 * this service's own client id are accepted, so a machine-to-machine app client of the same pool (same issuer, same
 * keys, {@code token_use=access}) is refused.
 */
@HelidonTest
class CognitoMachineClientDefaultsTest {

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("cognito").build();
    static final EmbeddedProvider PROVIDER = SERVICE.provider();

    @Test
    void anM2mTokenOfTheSamePoolIsRefusedByDefault() {
        String token = PROVIDER.machineAccessToken("cognito", "orders/read");

        HttpResponse<String> answer = bearer(SERVICE.url("/api/me"), token);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        assertThat(json(answer).getString("error")).isEqualTo("unauthorized");
    }

    @Test
    void aUserTokenOfTheServicesOwnClientIsAcceptedByDefault() {
        String token = SERVICE.bearerToken(TestUser.named("dana"));

        HttpResponse<String> answer = bearer(SERVICE.url("/api/me"), token);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).getString("sub")).isEqualTo("dana");
        assertThat(claims(token).getClaim("client_id")).isEqualTo(EmbeddedProvider.CLIENT_ID);
    }

    @Test
    void theRefusalIsForTheClientIdAloneAsTheEventLogSays() {
        String token = PROVIDER.machineAccessToken("cognito", "orders/read");
        var claims = claims(token);
        assertThat(claims.getIssuer()).isEqualTo(PROVIDER.cognitoIssuer().toString());
        assertThat(claims.getClaim("token_use")).isEqualTo("access");
        assertThat(claims.getClaim("client_id")).isEqualTo(EmbeddedProvider.M2M_CLIENT_ID);

        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            assertThat(bearer(SERVICE.url("/api/me"), token).statusCode()).isEqualTo(401);
            lines = logs.lines();
        }

        // signature, issuer, expiry and token_use passed: the one claim that failed is client_id
        assertThat(lines).filteredOn(line -> line.contains("bearer refused"))
                .singleElement().asString().contains("bearer refused: provider=cognito sub=- reason=TOKEN_INVALID claim=client_id");
    }
}
