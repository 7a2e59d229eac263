package dev.portcullis.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client secret is read from configuration at each use, so its store can rotate it; when it cannot be read at
 * all (its store is down and nothing is cached), calls that need it fail as "unavailable", not as a bad login.
 * Against a real OpenID provider on loopback (mock-oauth2-server).
 */
class ClientSecretStoreTest {

    MockOAuth2Server provider;
    Map<String, String> config;
    AtomicBoolean storeDown;
    List<String> refetched;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", "http://127.0.0.1:" + provider.baseUrl().port() + "/test");
        config.put("auth.test.client-id", "client-1");
        config.put("auth.test.client-secret", "secret-1");
        config.put("auth.refresh.api-callers", "true");
        storeDown = new AtomicBoolean(false);
        refetched = new ArrayList<>();
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    OidcRelyingParty relyingParty() {
        ConfigValues values = new ConfigValues(key -> {
            if (key.equals("auth.test.client-secret") && storeDown.get()) {
                throw new IllegalStateException("secret prod/test: Secrets Manager could not be reached");
            }
            return Optional.ofNullable(config.get(key));
        });
        SecretRotation rotation = key -> {
            refetched.add(key);
            return false;
        };
        return OidcRelyingParty.create(values, Clock.systemUTC(), Map.of("test", new FakeProviderFactory("test")), List.of(rotation));
    }

    @Test
    void aClientSecretThatCannotBeReadAtStartUpFailsNamingTheKey() {
        storeDown.set(true);
        assertThatExceptionOfType(AuthConfigurationException.class)
                .isThrownBy(this::relyingParty)
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.test.client-secret"))
                .withMessageContaining("could not be read: secret prod/test: Secrets Manager could not be reached");
    }

    @Test
    void aValueThatConfigurationCannotResolveFailsWithoutQuotingTheValue() {
        // MicroProfile Config's own expression errors quote the raw value, which may be a secret
        ConfigValues values = new ConfigValues(key -> {
            throw new IllegalArgumentException("Recursive resolving of references for key " + key + ", value: pa${ss}w0rd");
        });

        assertThatExceptionOfType(AuthConfigurationException.class)
                .isThrownBy(() -> values.value("auth.test.client-secret"))
                .satisfies(e -> assertThat(e.key()).isEqualTo("auth.test.client-secret"))
                .withMessage("auth.test.client-secret (environment variable AUTH_TEST_CLIENT_SECRET): could not be read (IllegalArgumentException)");
    }

    @Test
    void aClientSecretThatCannotBeReadLaterMakesTheTokenCallUnavailableRatherThanRefused() {
        OidcRelyingParty party = relyingParty();
        storeDown.set(true);

        assertThatExceptionOfType(ProviderUnavailableException.class)
                .isThrownBy(() -> party.refresh("test", "any-refresh-token"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.SECRET_UNAVAILABLE))
                .withMessageNotContaining("secret-1");
    }

    @Test
    void aRefusedRefreshTokenIsNotMistakenForARotatedClientSecret() {
        OidcRelyingParty party = relyingParty();

        assertThatExceptionOfType(SessionEndedException.class).isThrownBy(() -> party.refresh("test", "unknown-refresh-token"));
        assertThat(refetched).as("invalid_grant is not invalid_client").isEmpty();
    }

    @Test
    void aClientSecretThatCannotBeReadLaterStillSignsOutWithoutRevokingTheRefreshToken() {
        OidcRelyingParty party = relyingParty();
        party.warmUp();
        java.time.Instant now = java.time.Instant.now();
        Session session = new Session("test",
                new TokenSet("access", Optional.empty(), Optional.of("a-refresh-token"), now.plusSeconds(3600), "Bearer"),
                new Identity("test", "alice", java.util.Set.of(), Map.of("sub", "alice"), "id-token", now.plusSeconds(3600),
                        Identity.Source.SESSION),
                now, now.plusSeconds(3600));
        storeDown.set(true);

        java.net.URI next = party.logout(Optional.of(session));

        assertThat(next.getPath()).as("the provider's logout, though the refresh token could not be revoked").isEqualTo("/test/endsession");
    }
}
