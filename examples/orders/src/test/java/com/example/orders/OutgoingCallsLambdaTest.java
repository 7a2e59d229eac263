package com.example.orders;

import java.util.List;
import java.util.Map;

import dev.portcullis.lambda.LambdaHandler;
import dev.portcullis.lambda.SyntheticContext;
import dev.portcullis.testing.ApiGatewayClient;
import dev.portcullis.testing.ApiGatewayClient.Answer;
import dev.portcullis.testing.ApiGatewayClient.Payload;
import dev.portcullis.testing.RecordingService;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outgoing calls of {@link OutgoingCallsTest} through the Lambda handler, with API Gateway REST (1.0) and HTTP API
 * (2.0) events: the same tokens reach the downstream as on the server.
 */
class OutgoingCallsLambdaTest {

    static final RecordingService DOWNSTREAM = RecordingService.start();

    @RegisterExtension
    static final TestProvider COGNITO = TestProvider.builder().providers("cognito")
            .baseUrl("https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod")
            .setting("inventory/mp-rest/url", DOWNSTREAM.url())
            .setting("warehouse/mp-rest/url", DOWNSTREAM.url())
            .setting("auth.http.timeout", "PT30S")
            .build();

    static LambdaHandler handler;

    @BeforeAll
    static void coldStart() {
        handler = new LambdaHandler();
    }

    @AfterAll
    static void stopDownstream() {
        DOWNSTREAM.close();
    }

    @BeforeEach
    void forget() {
        DOWNSTREAM.forget();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aBearerCallersTokenIsSentOnAsItCame(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));
        String token = COGNITO.bearerToken(TestUser.named("alice"));

        Answer stock = api.get("/stock/tea-towel", Map.of("Authorization", "Bearer " + token));

        assertEquals(200, stock.status(), stock.body());
        assertEquals(List.of("Bearer " + token), DOWNSTREAM.authorizations());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aBrowserSessionsAccessTokenIsSent(Payload payload) {
        ApiGatewayClient browser = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));
        String session = COGNITO.sessionCookie(TestUser.named("alice"));

        Answer stock = browser.get("/stock/tea-towel", Map.of("Cookie", session, "Accept", "application/json"));

        assertEquals(200, stock.status(), stock.body());
        JsonObject claims = RecordingService.claims(DOWNSTREAM.authorizations().get(0).substring("Bearer ".length()));
        assertEquals("access", claims.getString("token_use"));
        assertEquals("alice", claims.getString("sub"));
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void withoutACallerTheCallIsNotSent(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));

        Answer stock = api.get("/stock/public/tea-towel", Map.of("Accept", "application/json"));

        assertEquals(401, stock.status(), stock.body());
        assertEquals(List.of(), DOWNSTREAM.authorizations());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void theServicesOwnTokenIsAskedOnceAndSent(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));

        Answer first = api.get("/stock/capacity", Map.of("Accept", "application/json"));
        Answer second = api.get("/stock/capacity", Map.of("Accept", "application/json"));

        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status(), second.body());
        List<String> sent = DOWNSTREAM.authorizations();
        assertEquals(2, sent.size());
        assertEquals(sent.get(0), sent.get(1));
        assertEquals("Bearer ", sent.get(0).substring(0, 7));
        assertEquals(3, sent.get(0).substring(7).split("\\.").length, "a JWT");
    }
}
