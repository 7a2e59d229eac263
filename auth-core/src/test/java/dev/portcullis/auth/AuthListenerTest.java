package dev.portcullis.auth;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;

import dev.portcullis.auth.AuthListener.TokenKind;
import dev.portcullis.auth.spi.ProviderDescriptor;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the relying party tells its {@link AuthListener}: every fetch of a provider's JWK set with its outcome, and every
 * token validation with its kind, outcome and duration. Against a real OpenID provider on loopback (mock-oauth2-server).
 */
class AuthListenerTest {

    MockOAuth2Server provider;
    Map<String, String> config;
    final Recording events = new Recording();

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", provider.issuerUrl("test").toString());
        config.put("auth.test.client-id", "client-1");
        config.put("auth.test.client-secret", "secret-1");
        config.put("auth.test.api-audience", "api");
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    OidcRelyingParty relyingParty() {
        OidcRelyingParty party = OidcRelyingParty.create(TestConfig.values(config), Clock.systemUTC(),
                Map.of("test", new FakeProviderFactory("test")), List.of(), events);
        party.warmUp();
        return party;
    }

    @Test
    void theJwkSetIsFetchedAtFirstValidationAndReportedOnceWhileItIsCached() {
        OidcRelyingParty party = relyingParty();
        assertThat(events.jwksFetches).as("discovery alone fetches no keys").isEmpty();

        party.verifyBearer(provider.issueToken("test", "alice", "api").serialize());
        party.verifyBearer(provider.issueToken("test", "bob", "api").serialize());

        assertThat(events.jwksFetches).containsExactly("test:true");
    }

    @Test
    void aJwkSetThatCannotBeFetchedIsReportedAsFailedFetches() {
        OidcRelyingParty party = relyingParty();
        String token = provider.issueToken("test", "alice", "api").serialize();
        provider.shutdown();

        assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> party.verifyBearer(token));

        // Nimbus's JWK source retries a failed fetch once
        assertThat(events.jwksFetches).containsExactly("test:false", "test:false");
        assertThat(events.validations).containsExactly("test ACCESS_TOKEN PROVIDER_DOWN");
    }

    @Test
    void eachBearerValidationIsReportedWithItsOutcome() {
        OidcRelyingParty party = relyingParty();

        party.verifyBearer(provider.issueToken("test", "alice", "api").serialize());
        assertThatExceptionOfType(TokenRejectedException.class)
                .isThrownBy(() -> party.verifyBearer(provider.issueToken("test", "alice", "another-api").serialize()));
        assertThatExceptionOfType(TokenRejectedException.class)
                .isThrownBy(() -> party.verifyBearer(provider.issueToken("test", "alice", "api", Map.of(), -600).serialize()));

        assertThat(events.validations).containsExactly(
                "test ACCESS_TOKEN valid",
                "test ACCESS_TOKEN TOKEN_INVALID",
                "test ACCESS_TOKEN TOKEN_EXPIRED");
        assertThat(events.durations).hasSize(3).allSatisfy(duration -> assertThat(duration.isNegative()).isFalse());
    }

    @Test
    void aTokenNoEnabledProviderIssuedIsRefusedWithoutAValidationOrAKeyFetch() {
        OidcRelyingParty party = relyingParty();

        assertThatExceptionOfType(TokenRejectedException.class)
                .isThrownBy(() -> party.verifyBearer(provider.issueToken("elsewhere", "alice", "api").serialize()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_FOREIGN));

        assertThat(events.validations).isEmpty();
        assertThat(events.jwksFetches).isEmpty();
    }

    @Test
    void idTokenValidationsAreReportedAsIdTokens() {
        Instant now = Instant.now();
        RSAKey key = TestJwts.rsaKey("key-1");
        ProviderDescriptor descriptor = ProviderDescriptor.builder("test", URI.create("https://issuer.example/")).build();
        TokenVerifier verifier = new TokenVerifier(descriptor, "client-1", new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
                Clock.systemUTC(), Duration.ofSeconds(60), events);
        String idToken = TestJwts.sign(key, new JWTClaimsSet.Builder()
                .issuer("https://issuer.example/").subject("alice").audience("client-1").claim("nonce", "nonce-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());

        verifier.verifyIdToken(idToken, Optional.of("nonce-1"));
        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> verifier.verifyIdToken(idToken, Optional.of("nonce-2")));

        assertThat(events.validations).containsExactly("test ID_TOKEN valid", "test ID_TOKEN TOKEN_INVALID");
    }

    /** Records what the listener was told, in order. */
    static final class Recording implements AuthListener {
        final List<String> jwksFetches = new CopyOnWriteArrayList<>();
        final List<String> validations = new CopyOnWriteArrayList<>();
        final List<Duration> durations = new CopyOnWriteArrayList<>();

        @Override
        public void jwksFetched(String provider, boolean success) {
            jwksFetches.add(provider + ":" + success);
        }

        @Override
        public void tokenValidated(String provider, TokenKind kind, Optional<Reason> rejection, Duration duration) {
            validations.add(provider + " " + kind + " " + rejection.map(Reason::name).orElse("valid"));
            durations.add(duration);
        }
    }
}
