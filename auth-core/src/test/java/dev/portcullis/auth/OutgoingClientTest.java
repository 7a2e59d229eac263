package dev.portcullis.auth;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.portcullis.auth.ProviderReadinessTest.MovableClock;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Outgoing clients ({@code auth.clients.<name>.*}): a {@code client_credentials} token asked with the client's own
 * credentials, scopes and audience, kept until shortly before it expires, asked once for a burst of calls, asked again
 * after a refusal only when the next call comes. Against a real OpenID provider on loopback (mock-oauth2-server) whose
 * token endpoint answers what each test gives it; a clock the test sets.
 */
class OutgoingClientTest {

    MockOAuth2Server provider;
    final Queue<OAuth2HttpResponse> answers = new ConcurrentLinkedQueue<>();
    final List<OAuth2HttpRequest> tokenRequests = Collections.synchronizedList(new ArrayList<>());
    MovableClock clock;
    /** When set, the token endpoint holds its answer until the test opens it. */
    volatile CountDownLatch answerWhenOpen;
    Map<String, String> config;
    OidcRelyingParty party;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server(new OAuth2Config(), new TokenEndpoint());
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", provider.issuerUrl("test").toString());
        config.put("auth.test.client-id", "web-client");
        config.put("auth.test.client-secret", "web-secret");
        config.put("auth.clients.inventory.client-id", "m2m-client");
        config.put("auth.clients.inventory.client-secret", "m2m-secret");
        config.put("auth.clients.inventory.scopes", "inventory/read inventory/write");
        config.put("auth.clients.inventory.audience", "https://inventory.example");
        clock = new MovableClock(Instant.now());
        party = OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    @Test
    void theTokenIsAskedWithTheClientsOwnCredentialsScopesAndAudience() {
        answers.add(token("m2m-1", 3600));

        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");

        assertThat(tokenRequests).hasSize(1);
        OAuth2HttpRequest request = tokenRequests.get(0);
        assertThat(request.getFormParameters().get("grant_type")).isEqualTo("client_credentials");
        assertThat(request.getFormParameters().get("scope")).isEqualTo("inventory/read inventory/write");
        assertThat(request.getFormParameters().get("audience")).isEqualTo("https://inventory.example");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("m2m-client:m2m-secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fiftyConcurrentCallsMakeOneTokenRequest() throws Exception {
        answers.add(token("m2m-1", 3600));
        ExecutorService callers = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(callers.submit(() -> {
                    go.await();
                    return party.outgoingClientToken("inventory", Optional.empty());
                }));
            }
            go.countDown();
            for (Future<String> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("m2m-1");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(tokenRequests).hasSize(1);
    }

    @Test
    void theTokenIsKeptUntilShortlyBeforeItExpiresThenAskedAgain() {
        answers.add(token("m2m-1", 300));
        answers.add(token("m2m-2", 300));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");

        clock.advance(Duration.ofSeconds(300).minus(OutgoingClient.EARLY).minusSeconds(1));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-2");

        assertThat(tokenRequests).hasSize(2);
    }

    @Test
    void aTokenOfAMinuteOrLessIsKeptForHalfItsLifetime() {
        answers.add(token("m2m-1", 20));
        answers.add(token("m2m-2", 20));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");

        clock.advance(Duration.ofSeconds(9));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-2");
    }

    @Test
    void aRefusedClientIsAnErrorNamingItAndNothingIsAskedUntilTheNextCall() {
        answers.add(error(401, "invalid_client"));

        assertThatExceptionOfType(OutgoingTokenException.class).isThrownBy(() -> party.outgoingClientToken("inventory", Optional.empty()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.CLIENT_REJECTED))
                .satisfies(e -> assertThat(e.client()).hasValue("inventory"))
                .satisfies(e -> assertThat(e.provider()).hasValue("test"))
                .withMessage("outgoing client inventory: the provider refused its credentials (invalid_client)")
                .withMessageNotContaining("m2m-secret");
        assertThat(tokenRequests).hasSize(1);

        answers.add(token("m2m-1", 3600));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");
        assertThat(tokenRequests).hasSize(2);
    }

    @Test
    void fiftyConcurrentCallsWhileTheProviderRefusesTheClientMakeOneTokenRequestAndAllGetItsRefusal() throws Exception {
        answers.add(error(401, "invalid_client"));
        // a second request would get a token: only the refusal shared with every waiting call keeps them all refused
        answers.add(token("m2m-1", 3600));
        answerWhenOpen = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 50; i++) {
            Thread caller = new Thread(() -> {
                try {
                    outcomes.add(party.outgoingClientToken("inventory", Optional.empty()));
                } catch (OutgoingTokenException e) {
                    outcomes.add(e.reason());
                }
            });
            callers.add(caller);
            caller.start();
        }
        // every other call waits for the one that asked before the provider answers it
        while (tokenRequests.isEmpty() || callers.stream().filter(OutgoingClientTest::waitsForTheLock).count() < 49) {
            Thread.onSpinWait();
        }
        answerWhenOpen.countDown();
        for (Thread caller : callers) {
            caller.join();
        }

        assertThat(tokenRequests).hasSize(1);
        assertThat(outcomes).hasSize(50).containsOnly(Reason.CLIENT_REJECTED);
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).as("the next call asks again").isEqualTo("m2m-1");
    }

    private static boolean waitsForTheLock(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(ReentrantLock.class.getName())
                && frame.getMethodName().equals("lock"));
    }

    @Test
    void aRefusedClientIsNotReadyUntilItsProviderAcceptsItAgain() {
        assertThat(party.outgoingClientReadiness()).isEmpty();
        answers.add(error(401, "invalid_client"));
        answers.add(error(503, "temporarily_unavailable"));
        answers.add(token("m2m-1", 3600));

        assertThatExceptionOfType(OutgoingTokenException.class).isThrownBy(() -> party.outgoingClientToken("inventory", Optional.empty()));
        assertThat(party.outgoingClientReadiness()).containsExactly(Map.entry("inventory", false));
        assertThatExceptionOfType(OutgoingTokenException.class).isThrownBy(() -> party.outgoingClientToken("inventory", Optional.empty()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PROVIDER_BAD_RESPONSE));
        assertThat(party.outgoingClientReadiness()).as("an outage says nothing about the client").containsExactly(Map.entry("inventory", true));
        party.outgoingClientToken("inventory", Optional.empty());
        assertThat(party.outgoingClientReadiness()).containsExactly(Map.entry("inventory", true));
    }

    @Test
    void aClientSecretRotatedInItsStoreIsReadAgainAndTheRequestRetriedOnce() {
        List<String> refetched = new ArrayList<>();
        // the store has a new secret: the refused request is sent once more, with it
        SecretRotation rotation = key -> {
            refetched.add(key);
            config.put(key, "m2m-secret-2");
            return true;
        };
        OidcRelyingParty rotating = OidcRelyingParty.create(TestConfig.values(config), clock,
                Map.of("test", new FakeProviderFactory("test")), List.of(rotation));
        answers.add(error(401, "invalid_client"));
        answers.add(token("m2m-1", 3600));

        assertThat(rotating.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");

        assertThat(refetched).containsExactly("auth.clients.inventory.client-secret");
        assertThat(tokenRequests).hasSize(2);
        assertThat(tokenRequests.get(1).getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("m2m-client:m2m-secret-2".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusedScopesAreAnErrorNamingTheClient() {
        answers.add(error(400, "invalid_scope"));

        assertThatExceptionOfType(OutgoingTokenException.class).isThrownBy(() -> party.outgoingClientToken("inventory", Optional.empty()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.SCOPE_REJECTED))
                .satisfies(e -> assertThat(e.client()).hasValue("inventory"));
    }

    @Test
    void aRestoreDropsTheToken() {
        answers.add(token("m2m-1", 3600));
        answers.add(token("m2m-2", 3600));
        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-1");

        party.afterRestore();

        assertThat(party.outgoingClientToken("inventory", Optional.empty())).isEqualTo("m2m-2");
    }

    @Test
    void aClientWithoutItsCredentialsOrWithAProviderNotEnabledFailsNamingTheKey() {
        assertThatExceptionOfType(AuthConfigurationException.class).isThrownBy(() -> party.requireOutgoingClient("billing"))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.clients.billing.client-id"));
        config.put("auth.clients.billing.client-id", "billing");
        config.put("auth.clients.billing.provider", "auth0");
        OidcRelyingParty other = OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));
        assertThatExceptionOfType(AuthConfigurationException.class).isThrownBy(() -> other.requireOutgoingClient("billing"))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.clients.billing.provider"));
        assertThat(tokenRequests).isEmpty();
    }

    @Test
    void anExchangeClientExchangesTheCallersTokenForItsAudienceAndKeepsEachCallersAnswer() {
        OidcRelyingParty exchanging = withExchangeClient();
        answers.add(token("for-alice", 3600));
        answers.add(token("for-bob", 3600));

        assertThat(exchanging.outgoingClientToken("orders-api", Optional.of(new CallerAccessToken("test", "alice-access")))).isEqualTo("for-alice");
        assertThat(exchanging.outgoingClientToken("orders-api", Optional.of(new CallerAccessToken("test", "bob-access")))).isEqualTo("for-bob");
        assertThat(exchanging.outgoingClientToken("orders-api", Optional.of(new CallerAccessToken("test", "alice-access")))).isEqualTo("for-alice");

        assertThat(tokenRequests).hasSize(2);
        assertThat(tokenRequests.get(0).getFormParameters().get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat(tokenRequests.get(0).getFormParameters().get("subject_token")).isEqualTo("alice-access");
        assertThat(tokenRequests.get(0).getFormParameters().get("subject_token_type"))
                .isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(tokenRequests.get(0).getFormParameters().get("audience")).isEqualTo("https://orders.example");
        assertThat(tokenRequests.get(0).getFormParameters().get("client_secret")).as("the secret goes by HTTP Basic").isNull();
        assertThat(tokenRequests.get(0).getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("exchanger:exchanger-secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anExchangeWithoutACallerTokenIsNotAsked() {
        OidcRelyingParty exchanging = withExchangeClient();

        assertThatExceptionOfType(OutgoingTokenException.class)
                .isThrownBy(() -> exchanging.outgoingClientToken("orders-api", Optional.empty()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.NO_CALLER_TOKEN))
                .satisfies(e -> assertThat(e.client()).hasValue("orders-api"));
        assertThat(tokenRequests).isEmpty();
    }

    @Test
    void aCallersTokenOfAnotherProviderIsNeverSentForExchange() {
        OidcRelyingParty exchanging = withExchangeClient();

        assertThatExceptionOfType(OutgoingTokenException.class)
                .isThrownBy(() -> exchanging.outgoingClientToken("orders-api", Optional.of(new CallerAccessToken("auth0", "alice-access"))))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_FOREIGN))
                .withMessageNotContaining("alice-access");
        assertThat(tokenRequests).isEmpty();
    }

    @Test
    void aGrantThatIsNeitherIsRefusedNamingTheKey() {
        config.put("auth.clients.inventory.grant", "password");
        OidcRelyingParty other = OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));

        assertThatExceptionOfType(AuthConfigurationException.class).isThrownBy(() -> other.requireOutgoingClient("inventory"))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.clients.inventory.grant"));
    }

    private OidcRelyingParty withExchangeClient() {
        config.put("auth.clients.orders-api.grant", "token-exchange");
        config.put("auth.clients.orders-api.client-id", "exchanger");
        config.put("auth.clients.orders-api.client-secret", "exchanger-secret");
        config.put("auth.clients.orders-api.audience", "https://orders.example");
        return OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));
    }

    private static OAuth2HttpResponse token(String accessToken, int expiresIn) {
        return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
    }

    private static OAuth2HttpResponse error(int status, String code) {
        return json(status, "{\"error\":\"" + code + "\"}");
    }

    private static OAuth2HttpResponse json(int status, String body) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), status, body, null);
    }

    /** The token endpoint: records each request and answers the next answer the test gave, a little slowly. */
    private final class TokenEndpoint implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getUrl().encodedPath().equals("/test/token");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            tokenRequests.add(request);
            try {
                CountDownLatch gate = answerWhenOpen;
                if (gate != null) {
                    gate.await();
                } else {
                    // long enough that a burst of calls arrives while the first request is still out
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            OAuth2HttpResponse answer = answers.poll();
            return answer != null ? answer : error(500, "server_error");
        }
    }
}
