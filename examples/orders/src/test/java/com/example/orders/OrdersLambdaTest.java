package com.example.orders;

import java.util.List;
import java.util.Map;

import dev.portcullis.lambda.LambdaHandler;
import dev.portcullis.lambda.SyntheticContext;
import dev.portcullis.testing.ApiGatewayClient;
import dev.portcullis.testing.ApiGatewayClient.Answer;
import dev.portcullis.testing.ApiGatewayClient.Payload;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same application on AWS Lambda: {@code dev.portcullis.lambda.LambdaHandler::handleRequest} fed with API Gateway
 * REST (1.0) and HTTP API (2.0) events of the stage {@code prod}, serving its resources and Portcullis' alike.
 */
class OrdersLambdaTest {

    static final String BASE_URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod";

    @RegisterExtension
    static final TestProvider COGNITO = TestProvider.builder().providers("cognito").baseUrl(BASE_URL).build();

    static LambdaHandler handler;

    @BeforeAll
    static void coldStart() {
        handler = new LambdaHandler();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void staffSeeEveryOrderAndOthersAreForbidden(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));
        String staff = COGNITO.bearerToken(TestUser.named("sam").inGroups("staff"));
        String customer = COGNITO.bearerToken(TestUser.named("alice"));

        Answer all = api.get("/orders", Map.of("Authorization", "Bearer " + staff));
        Answer forbidden = api.get("/orders", Map.of("Authorization", "Bearer " + customer, "Accept", "application/json"));
        Answer anonymous = api.get("/orders", Map.of("Accept", "application/json"));

        assertEquals(200, all.status(), all.body());
        assertTrue(all.body().contains("\"o-2\""), all.body());
        assertEquals(403, forbidden.status());
        assertEquals(401, anonymous.status());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aBrowserSessionReachesTheApplicationsResourcesAndItsRoot(Payload payload) {
        ApiGatewayClient browser = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));
        String session = COGNITO.sessionCookie(TestUser.named("alice"));

        Answer mine = browser.get("/orders/mine", Map.of("Cookie", session, "Accept", "application/json"));
        Answer root = browser.get("/", Map.of("Cookie", session, "Accept", "text/plain"));

        assertEquals(200, mine.status(), mine.body());
        assertEquals("[{\"id\":\"o-1\",\"customer\":\"alice\",\"items\":\"3 tea towels\"}]", mine.body());
        assertEquals("Welcome, alice.", root.body());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void portcullisSignInEndpointsAnswerThroughTheSameHandler(Payload payload) {
        ApiGatewayClient browser = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));

        Answer login = browser.get("/auth/login?return_to=/orders/mine", Map.of("Accept", "text/html"));
        Answer stylesheet = browser.get("/auth/assets/portcullis.css", Map.of());

        assertEquals(302, login.status());
        assertTrue(login.header("Location").contains("redirect_uri=" + java.net.URLEncoder.encode(BASE_URL + "/auth/callback",
                java.nio.charset.StandardCharsets.UTF_8)), login.header("Location"));
        assertTrue(login.setCookies().get(0).startsWith("__Host-portcullis-login="), login.setCookies().toString());
        assertEquals(200, stylesheet.status());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aLogoutLinkSignsOutOnlyWhenTheBrowserSaysThisSiteSentIt(Payload payload) {
        ApiGatewayClient browser = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));
        String session = COGNITO.sessionCookie(TestUser.named("alice"));

        // a link in a mail: the browser sends Sec-Fetch-Site: none, or nothing at all
        Answer fromMail = browser.get("/auth/logout", Map.of("Cookie", session, "Accept", "text/html", "Sec-Fetch-Site", "none"));
        Answer script = browser.get("/auth/logout", Map.of("Cookie", session, "Accept", "application/json"));
        Answer fromThisSite = browser.get("/auth/logout", Map.of("Cookie", session, "Accept", "text/html",
                "Sec-Fetch-Site", "same-origin"));

        assertEquals(200, fromMail.status());
        assertTrue(fromMail.body().contains("<form method=\"post\""), fromMail.body());
        assertEquals(List.of(), fromMail.setCookies());
        assertEquals(403, script.status());
        assertEquals("forbidden", script.json().getString("error"));
        assertEquals(List.of(), script.setCookies());
        assertEquals(302, fromThisSite.status());
        assertTrue(fromThisSite.setCookies().contains("__Host-portcullis=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"),
                fromThisSite.setCookies().toString());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void noAnswerOfAGuardedResourceIsStoredByACache(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));
        String staff = COGNITO.bearerToken(TestUser.named("sam").inGroups("staff"));
        String customer = COGNITO.bearerToken(TestUser.named("alice"));

        List<Answer> answers = List.of(
                api.get("/orders", Map.of("Authorization", "Bearer " + staff)),
                api.get("/orders", Map.of("Authorization", "Bearer " + customer, "Accept", "application/json")),
                api.get("/orders", Map.of("Accept", "application/json")));

        assertEquals(List.of(200, 403, 401), answers.stream().map(Answer::status).toList());
        for (Answer answer : answers) {
            assertEquals("no-store", answer.header("Cache-Control"), answer.status() + " " + answer.headers());
        }
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void anUnknownMethodOrAnUnreadableHeaderGetsAShortJsonErrorNotA500(Payload payload) {
        ApiGatewayClient api = new ApiGatewayClient(handler, payload, new SyntheticContext("orders-test"));
        String staff = COGNITO.bearerToken(TestUser.named("sam").inGroups("staff"));

        Answer method = api.send("PROPFIND", "/auth/logout", Map.of(), null, false);
        Answer contentType = api.send("POST", "/auth/refresh", Map.of("Content-Type", ";;;"), "a=b", false);
        Answer accept = api.get("/orders", Map.of("Authorization", "Bearer " + staff, "Accept", "text/"));

        assertEquals(405, method.status());
        assertEquals("{\"error\":\"method_not_allowed\"}", method.body());
        assertEquals(400, contentType.status());
        assertEquals("bad_request", contentType.json().getString("error"));
        assertEquals(400, accept.status());
        assertEquals("{\"error\":\"bad_request\",\"message\":\"The Accept header cannot be read.\"}", accept.body());
    }
}
