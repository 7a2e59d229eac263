package dev.portcullis.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * Readiness: a provider is ready once its discovery document has been read and its signing keys fetched; one that is
 * not is tried again on the next check, at most once per {@code auth.discovery.retry-interval}, and is ready without a
 * restart once it answers. Against a real OpenID provider on loopback (mock-oauth2-server) with a switchable outage,
 * and a clock the test moves.
 */
class ProviderReadinessTest {

    static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

    MockOAuth2Server provider;
    Set<String> down;
    List<String> requests;
    MovableClock clock;
    String discoveryPath;
    String jwksPath;
    OidcRelyingParty party;

    @BeforeEach
    void start() throws Exception {
        down = ConcurrentHashMap.newKeySet();
        requests = new CopyOnWriteArrayList<>();
        provider = new MockOAuth2Server(new OAuth2Config(), new Outage());
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        discoveryPath = "/test/.well-known/openid-configuration";
        jwksPath = "/test/jwks";
        Map<String, String> config = new java.util.HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", "http://127.0.0.1:" + provider.baseUrl().port() + "/test");
        config.put("auth.test.client-id", "client-1");
        config.put("auth.test.client-secret", "secret-1");
        config.put("auth.discovery.retry-interval", RETRY_INTERVAL.toString());
        clock = new MovableClock(Instant.parse("2025-03-01T10:00:00Z"));
        party = OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    @Test
    void aProviderIsReadyOnceItsDiscoveryAndSigningKeysHaveBeenFetched() {
        assertThat(party.ready("test")).isTrue();

        assertThat(requests).containsExactly(discoveryPath, jwksPath);
        assertThat(party.ready("test")).as("stays ready without asking again").isTrue();
        assertThat(requests).hasSize(2);
    }

    @Test
    void aProviderWhoseDiscoveryFailedIsAskedAgainAtMostOncePerRetryIntervalAndIsReadyOnceItAnswers() {
        down.add(discoveryPath);
        assertThat(party.ready("test")).isFalse();
        assertThat(requests).containsExactly(discoveryPath);

        down.clear();
        clock.advance(RETRY_INTERVAL.minusSeconds(1));
        assertThat(party.ready("test")).as("within the retry interval").isFalse();
        assertThat(requests).as("not asked again within the retry interval").containsExactly(discoveryPath);

        clock.advance(Duration.ofSeconds(1));
        assertThat(party.ready("test")).isTrue();
        assertThat(requests).containsExactly(discoveryPath, discoveryPath, jwksPath);
    }

    @Test
    void aProviderWhoseSigningKeysCouldNotBeFetchedIsNotReadyUntilTheyAre() {
        down.add(jwksPath);
        assertThat(party.ready("test")).isFalse();
        assertThat(requests).contains(discoveryPath, jwksPath);
        int asked = requests.size();

        down.clear();
        assertThat(party.ready("test")).as("within the retry interval").isFalse();
        assertThat(requests).as("not asked again within the retry interval").hasSize(asked);

        clock.advance(RETRY_INTERVAL);
        assertThat(party.ready("test")).isTrue();
        assertThat(requests.subList(asked, requests.size())).as("discovery is kept; only the keys are fetched").containsExactly(jwksPath);
    }

    @Test
    void readinessNamesEveryEnabledProvider() {
        down.add(discoveryPath);
        assertThat(party.readiness()).containsExactly(Map.entry("test", false));

        down.clear();
        clock.advance(RETRY_INTERVAL);
        assertThat(party.readiness()).containsExactly(Map.entry("test", true));
    }

    @Test
    void anUnknownProviderIsNotReady() {
        assertThat(party.ready("other")).isFalse();
        assertThat(requests).isEmpty();
    }

    @Test
    void requiredDiscoveryThatFailsNamesTheProviderAndItsDiscoveryUrlInOneLine() {
        down.add(discoveryPath);

        assertThatExceptionOfType(ProviderUnavailableException.class)
                .isThrownBy(party::requireDiscovery)
                .satisfies(e -> assertThat(e.provider()).contains("test"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.PROVIDER_BAD_RESPONSE))
                .withMessage("provider test: discovery at http://127.0.0.1:" + provider.baseUrl().port() + discoveryPath
                        + " failed (discovery answered HTTP 503)");
    }

    @Test
    void requiredDiscoveryOfAProviderThatAnswersSucceeds() {
        party.requireDiscovery();

        assertThat(requests).containsExactly(discoveryPath);
    }

    /** Records every request; answers 503 for the paths that are down, else lets the mock answer. */
    private final class Outage implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            String path = request.getUrl().encodedPath();
            requests.add(path);
            return down.contains(path);
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "text/html"), 503, "<h1>Service Unavailable</h1>", null);
        }
    }

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
