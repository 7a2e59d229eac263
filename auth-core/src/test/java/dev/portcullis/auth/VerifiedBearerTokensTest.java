package dev.portcullis.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bearer tokens verified once are not verified again, but only while the token has not expired and the key that
 * verified it is still published: against a real OpenID provider on loopback (mock-oauth2-server) whose signing key
 * the test rotates.
 */
class VerifiedBearerTokensTest {

    private static final String AUDIENCE = "https://api.example";
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Instant.now());
    private final RotatingKeys keys = new RotatingKeys(TestJwts.rsaKey("key-1"));
    private MockOAuth2Server provider;
    private String issuer;
    private OidcRelyingParty party;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(keys, (Instant) null), Set.of(), new MockWebServerWrapper()));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        issuer = "http://127.0.0.1:" + provider.baseUrl().port() + "/test";
        Map<String, String> config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", issuer);
        config.put("auth.test.api-audience", AUDIENCE);
        config.put("auth.test.client-id", "client-1");
        config.put("auth.test.client-secret", "secret-1");
        party = OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    @Test
    void aTokenPresentedAgainIsNotVerifiedAgain() {
        String token = accessToken(keys.current(), "user-1", clock.instant().plusSeconds(300));

        Identity first = party.verifyBearer(token);
        Identity second = party.verifyBearer(token);

        assertThat(first.subject()).isEqualTo("user-1");
        assertThat(second).as("the remembered verification").isSameAs(first);
    }

    @Test
    void aRememberedTokenIsVerifiedAgainFromItsExpiryOnAndRefusedAfterTheSkew() {
        Instant exp = clock.instant().plusSeconds(300);
        String token = accessToken(keys.current(), "user-1", exp);
        Identity first = party.verifyBearer(token);

        clock.set(exp);
        Identity atExpiry = party.verifyBearer(token);

        assertThat(atExpiry).as("verified anew: within the clock skew, but never served from memory past exp").isNotSameAs(first);
        assertThat(atExpiry.subject()).isEqualTo("user-1");
        assertThat(party.verifyBearer(token)).as("and not remembered from then on").isNotSameAs(atExpiry);

        clock.set(exp.plus(SKEW));
        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(token))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOKEN_EXPIRED);
                    assertThat(e.claim()).contains("exp");
                });
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsKeyLeavesTheProvidersKeySet() {
        RSAKey oldKey = keys.current();
        String oldToken = accessToken(oldKey, "user-1", clock.instant().plusSeconds(300));
        assertThat(party.verifyBearer(oldToken).subject()).isEqualTo("user-1");

        // the provider rotates: the JWKS now holds only the new key, which the relying party reads when a token
        // names it
        keys.rotateTo(TestJwts.rsaKey("key-2"));
        String newToken = accessToken(keys.current(), "user-2", clock.instant().plusSeconds(300));
        assertThat(party.verifyBearer(newToken).subject()).isEqualTo("user-2");

        // not served from memory: verified anew, it names a key the provider no longer publishes. The JWKS was read
        // twice within the last 30 seconds, so Nimbus's rate limit refuses a third read for the unknown kid; with the
        // provider's keys at hand that is the token's fault, as for any token naming an unknown kid, remembered or not
        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(oldToken))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_INVALID));
    }

    @Test
    void aTokenSignedWithAKeyNotReadYetIsRememberedWithTheKeyReadForIt() {
        assertThat(party.verifyBearer(accessToken(keys.current(), "user-1", clock.instant().plusSeconds(300))).subject())
                .isEqualTo("user-1");
        keys.rotateTo(TestJwts.rsaKey("key-2"));
        String token = accessToken(keys.current(), "user-2", clock.instant().plusSeconds(300));

        Identity first = party.verifyBearer(token);

        // the key set was read anew during the verification; the key it now holds for the kid verifies the token, so
        // the token is remembered with it
        assertThat(party.verifyBearer(token)).isSameAs(first);
    }

    @Test
    void aTokenNamingAKeyTheProviderDoesNotPublishIsInvalid() {
        assertThat(party.verifyBearer(accessToken(keys.current(), "user-1", clock.instant().plusSeconds(300))).subject())
                .isEqualTo("user-1");
        String forged = accessToken(TestJwts.rsaKey("unknown-key"), "user-1", clock.instant().plusSeconds(300));

        // the key set is read once more for the unknown kid (within the rate limit), and the token refused as invalid
        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(forged))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_INVALID));
    }

    @Test
    void aTokenWithoutKeyIdIsVerifiedEveryTime() {
        String token = TestJwts.sign(keys.current(), new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                claims("user-1", clock.instant().plusSeconds(300)));

        Identity first = party.verifyBearer(token);

        assertThat(party.verifyBearer(token)).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void aRefusedTokenIsRefusedAgain() {
        String token = TestJwts.sign(keys.current(), new JWTClaimsSet.Builder(claims("user-1", clock.instant().plusSeconds(300)))
                .audience("https://other-api.example").build());

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(token))
                    .satisfies(e -> assertThat(e.claim()).contains("aud"));
        }
    }

    @Test
    void afterASnapshotRestoreEveryTokenIsVerifiedAgain() {
        String token = accessToken(keys.current(), "user-1", clock.instant().plusSeconds(300));
        Identity first = party.verifyBearer(token);

        party.afterRestore();

        assertThat(party.verifyBearer(token)).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void theMemoryIsBoundedAndDropsExpiredTokensFirst() {
        VerifiedTokens memory = new VerifiedTokens(2, clock);
        JWK key = keys.current().toPublicJWK();
        VerifiedTokens.Entry shortLived = entry("short", clock.instant().plusSeconds(10), key);
        VerifiedTokens.Entry longLived = entry("long", clock.instant().plusSeconds(600), key);
        memory.put(shortLived);
        memory.put(longLived);

        clock.set(clock.instant().plusSeconds(10));
        VerifiedTokens.Entry third = entry("third", clock.instant().plusSeconds(600), key);
        memory.put(third);

        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.find("long", e -> true)).contains(longLived);
        assertThat(memory.find("third", e -> true)).contains(third);
        assertThat(memory.find("short", e -> true)).isEmpty();

        VerifiedTokens.Entry fourth = entry("fourth", clock.instant().plusSeconds(600), key);
        memory.put(fourth);

        assertThat(memory.size()).as("full of live tokens: starts over").isEqualTo(1);
        assertThat(memory.find("fourth", e -> true)).contains(fourth);
    }

    @Test
    void anEntryWhoseKeyIsNoLongerPublishedIsForgotten() {
        VerifiedTokens memory = new VerifiedTokens(2, clock);
        VerifiedTokens.Entry entry = entry("token", clock.instant().plusSeconds(600), keys.current().toPublicJWK());
        memory.put(entry);

        assertThat(memory.find("token", e -> false)).isEmpty();
        assertThat(memory.size()).isZero();
        assertThat(memory.find("token", e -> true)).isEmpty();
    }

    private static VerifiedTokens.Entry entry(String token, Instant expiresAt, JWK key) {
        Identity identity = new Identity("test", "user", Set.of(), Map.of(), token, expiresAt, Identity.Source.BEARER);
        return new VerifiedTokens.Entry(identity, null, null, key);
    }

    private String accessToken(RSAKey key, String subject, Instant exp) {
        return TestJwts.sign(key, claims(subject, exp));
    }

    private JWTClaimsSet claims(String subject, Instant exp) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(List.of(AUDIENCE))
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(exp))
                .build();
    }

    /** The provider's signing key, which the test replaces as a provider rotating its keys does. */
    private static final class RotatingKeys extends KeyProvider {
        private volatile RSAKey current;

        RotatingKeys(RSAKey first) {
            super(List.of(), "RS256");
            this.current = first;
        }

        RSAKey current() {
            return current;
        }

        void rotateTo(RSAKey next) {
            current = next;
        }

        @Override
        public JWK signingKey(String issuerId) {
            return current;
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
