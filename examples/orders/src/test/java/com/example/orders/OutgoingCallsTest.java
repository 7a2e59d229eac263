package com.example.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.portcullis.auth.Reason;
import dev.portcullis.auth.OutgoingTokenException;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.RecordingService;
import dev.portcullis.testing.TestProvider;
import dev.portcullis.testing.TestUser;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outgoing calls through typed REST clients, on the Helidon server: the inventory is called with the caller's token
 * (the bearer token it sent, or its session's access token, never its ID token), the warehouse with this service's own
 * client-credentials token, one token request for a burst of calls. The two services are one downstream on loopback
 * that keeps the Authorization header of every request.
 */
@HelidonTest
class OutgoingCallsTest {

    static final RecordingService DOWNSTREAM = RecordingService.start();

    @RegisterExtension
    static final TestProvider COGNITO = TestProvider.builder().providers("cognito")
            .setting("inventory/mp-rest/url", DOWNSTREAM.url())
            .setting("warehouse/mp-rest/url", DOWNSTREAM.url())
            // a loaded 2-core CI machine can take longer than the default 5 s for a first token; the test is not about that
            .setting("auth.http.timeout", "PT30S")
            .build();
    static final EmbeddedProvider PROVIDER = COGNITO.provider();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void stopDownstream() {
        DOWNSTREAM.close();
    }

    @BeforeEach
    void forget() {
        DOWNSTREAM.forget();
    }

    @Test
    void aBearerCallersTokenIsSentOnAsItCame() {
        String token = COGNITO.bearerToken(TestUser.named("alice"));

        HttpResponse<String> stock = get("/stock/tea-towel", "Authorization", "Bearer " + token);

        assertEquals(200, stock.statusCode(), stock.body());
        assertEquals("{\"in_stock\":3}", stock.body());
        assertEquals(List.of("Bearer " + token), DOWNSTREAM.authorizations());
    }

    @Test
    void aBrowserSessionsAccessTokenIsSentNeverItsIdToken() {
        String session = COGNITO.sessionCookie(TestUser.named("alice"));

        HttpResponse<String> stock = get("/stock/tea-towel", "Cookie", session, "Accept", "application/json");

        assertEquals(200, stock.statusCode(), stock.body());
        List<String> sent = DOWNSTREAM.authorizations();
        assertEquals(1, sent.size());
        JsonObject claims = RecordingService.claims(sent.get(0).substring("Bearer ".length()));
        assertEquals("access", claims.getString("token_use"), claims.toString());
        assertEquals("alice", claims.getString("sub"));
    }

    @Test
    void aSessionWhoseAccessTokenIsAboutToExpireSendsTheRefreshedOneAndTheNewCookieGoesOut() {
        PROVIDER.tokenLifetime(30);
        String session;
        try {
            session = COGNITO.sessionCookie(TestUser.named("alice"));
        } finally {
            // the refresh the guard makes gets an hour-long token: which one arrives downstream tells them apart
            PROVIDER.tokenLifetime(3600);
        }

        HttpResponse<String> stock = get("/stock/tea-towel", "Cookie", session, "Accept", "application/json");

        assertEquals(200, stock.statusCode(), stock.body());
        assertTrue(stock.headers().allValues("Set-Cookie").stream().anyMatch(cookie -> cookie.startsWith("portcullis=")),
                stock.headers().toString());
        List<String> sent = DOWNSTREAM.authorizations();
        assertEquals(1, sent.size());
        JsonObject claims = RecordingService.claims(sent.get(0).substring("Bearer ".length()));
        assertEquals("access", claims.getString("token_use"), claims.toString());
        assertTrue(claims.getJsonNumber("exp").longValue() - java.time.Instant.now().getEpochSecond() > 600,
                "the refreshed token, not the one about to expire");
    }

    @Test
    void withoutACallerTheCallIsNotSentAndTheAnswerSaysSo() {
        HttpResponse<String> stock = get("/stock/public/tea-towel", "Accept", "application/json");

        assertEquals(401, stock.statusCode(), stock.body());
        assertEquals("{\"error\":\"unauthorized\",\"message\":\"This needs your credentials, and the request carried none.\"}",
                stock.body());
        assertEquals(List.of(), DOWNSTREAM.authorizations());
    }

    @Test
    void fiftyConcurrentCallsOnTheServicesBehalfShareOneClientCredentialsToken() throws Exception {
        PROVIDER.clearRequests();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(callers.submit(() -> get("/stock/capacity", "Accept", "application/json")));
            }
            // every answer first, so that no call is still on its way when the next test starts
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> call : calls) {
                statuses.add(call.get(120, TimeUnit.SECONDS).statusCode());
            }
            assertEquals(List.of(200), statuses.stream().distinct().toList());
        } finally {
            callers.shutdownNow();
        }

        List<OAuth2HttpRequest> asked = PROVIDER.tokenRequests().stream()
                .filter(r -> "client_credentials".equals(r.getFormParameters().get("grant_type"))).toList();
        assertEquals(1, asked.size(), "one token request for fifty calls");
        assertEquals("Basic " + Base64.getEncoder().encodeToString((EmbeddedProvider.M2M_CLIENT_ID + ":"
                + EmbeddedProvider.M2M_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8)), asked.get(0).getHeaders().get("Authorization"),
                "asked with the outgoing client's own credentials");
        List<String> sent = DOWNSTREAM.authorizations();
        assertEquals(50, sent.size());
        assertEquals(1, sent.stream().distinct().count(), "one token for all fifty");
        assertNotEquals("alice", RecordingService.claims(sent.get(0).substring("Bearer ".length())).getString("sub"));
    }

    @Test
    void aMethodInheritedFromAnInterfaceWithoutOutgoingTokenIsNeverSent() {
        InheritingCatalogClient catalog = RestClientBuilder.newBuilder().baseUri(URI.create(DOWNSTREAM.url()))
                .build(InheritingCatalogClient.class);

        // outside a request: the declared method has no caller token to send; the inherited one has no token chosen
        assertEquals(Reason.NO_CALLER_TOKEN, refusal(() -> catalog.declared("tea-towel")).reason());
        assertEquals(Reason.MISCONFIGURED, refusal(() -> catalog.inherited("tea-towel")).reason());
        assertEquals(List.of(), DOWNSTREAM.authorizations());
    }

    private static OutgoingTokenException refusal(Executable call) {
        Throwable thrown = assertThrows(Throwable.class, call);
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutgoingTokenException refused) {
                return refused;
            }
        }
        throw new AssertionError("not refused by Portcullis", thrown);
    }

    static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(COGNITO.url(path).toString())).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
