package dev.portcullis.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * A provider's other bearer issuers ({@link dev.portcullis.auth.spi.ProviderDescriptor#otherBearerIssuers()}, Cognito's
 * {@code auth.cognito.accepted-issuer-types}): bearer tokens of each issuer are accepted, each verified with the keys of
 * its own JWKS and compared with its own exact issuer; a token of any other issuer is refused. Against a real OpenID
 * provider on loopback (mock-oauth2-server) that publishes a different key under each issuer.
 */
class OtherBearerIssuersTest {

    private static final String AUDIENCE = "https://api.example";

    private final RSAKey ownKey = TestJwts.rsaKey("own-key");
    private final RSAKey otherKey = TestJwts.rsaKey("other-key");
    private final Clock clock = Clock.systemUTC();
    private MockOAuth2Server provider;
    private String base;
    private String ownIssuer;
    private String otherIssuer;
    private OidcRelyingParty party;

    @BeforeEach
    void start() throws Exception {
        KeyProvider keysByIssuer = new KeyProvider(List.of(), "RS256") {
            @Override
            public JWK signingKey(String issuerId) {
                return issuerId.equals("other") ? otherKey : ownKey;
            }
        };
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(keysByIssuer, (Instant) null), Set.of(), new MockWebServerWrapper()));
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        base = "http://127.0.0.1:" + provider.baseUrl().port();
        ownIssuer = base + "/own";
        otherIssuer = base + "/other";
        party = relyingParty(Map.of("auth.test.other-issuer", otherIssuer));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    @Test
    void aTokenOfTheOtherIssuerSignedWithItsOwnKeyIsAccepted() {
        Identity identity = party.verifyBearer(TestJwts.sign(otherKey, claims(otherIssuer, "user-1")));

        assertThat(identity.provider()).isEqualTo("test");
        assertThat(identity.subject()).isEqualTo("user-1");
        assertThat(identity.claims()).containsEntry("iss", otherIssuer);
        assertThat(provider.takeRequest().getRequestUrl().encodedPath()).as("its keys read at its own JWKS").isEqualTo("/other/jwks");
    }

    @Test
    void aTokenOfTheProvidersOwnIssuerIsStillAccepted() {
        Identity identity = party.verifyBearer(TestJwts.sign(ownKey, claims(ownIssuer, "user-2")));

        assertThat(identity.subject()).isEqualTo("user-2");
        assertThat(identity.claims()).containsEntry("iss", ownIssuer);
    }

    @Test
    void eachIssuersTokensVerifyOnlyWithThatIssuersKeys() {
        String otherClaimingOwnKey = TestJwts.sign(ownKey, claims(otherIssuer, "user-1"));
        String ownClaimingOtherKey = TestJwts.sign(otherKey, claims(ownIssuer, "user-1"));

        for (String token : List.of(otherClaimingOwnKey, ownClaimingOtherKey)) {
            assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> party.verifyBearer(token))
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_INVALID));
        }
    }

    @Test
    void aTokenOfAnyOtherIssuerIsRefusedAsForeign() {
        for (String issuer : List.of(base + "/third", otherIssuer + "/", base + "/OTHER")) {
            String token = TestJwts.sign(otherKey, claims(issuer, "user-1"));

            assertThatExceptionOfType(TokenRejectedException.class).as(issuer).isThrownBy(() -> party.verifyBearer(token))
                    .satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TOKEN_FOREIGN);
                        assertThat(e.claim()).contains("iss");
                    });
        }
    }

    @Test
    void aRememberedTokenOfTheOtherIssuerIsServedWhileItsKeyIsPublishedThere() {
        String token = TestJwts.sign(otherKey, claims(otherIssuer, "user-1"));

        Identity first = party.verifyBearer(token);

        assertThat(party.verifyBearer(token)).as("checked against the other issuer's key set, which holds its key").isSameAs(first);
    }

    @Test
    void withoutTheOtherIssuerItsTokensAreForeign() {
        OidcRelyingParty ownOnly = relyingParty(Map.of());
        String token = TestJwts.sign(otherKey, claims(otherIssuer, "user-1"));

        assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> ownOnly.verifyBearer(token))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_FOREIGN));
    }

    @Test
    void anotherProviderWhoseIssuerIsThisOnesOtherIssuerFailsStartUp() {
        Map<String, String> config = baseConfig(Map.of("auth.test.other-issuer", otherIssuer));
        config.put("auth.providers", "test,second");
        config.put("auth.second.issuer", otherIssuer);
        config.put("auth.second.client-id", "client-2");
        config.put("auth.second.client-secret", "secret-2");

        assertThatExceptionOfType(AuthConfigurationException.class)
                .isThrownBy(() -> OidcRelyingParty.create(TestConfig.values(config), clock,
                        Map.of("test", new FakeProviderFactory("test"), "second", new FakeProviderFactory("second"))))
                .satisfies(e -> assertThat(e.key()).isIn("auth.test.issuer", "auth.second.issuer"));
    }

    private OidcRelyingParty relyingParty(Map<String, String> extra) {
        return OidcRelyingParty.create(TestConfig.values(baseConfig(extra)), clock, Map.of("test", new FakeProviderFactory("test")));
    }

    private Map<String, String> baseConfig(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", ownIssuer);
        config.put("auth.test.api-audience", AUDIENCE);
        config.put("auth.test.client-id", "client-1");
        config.put("auth.test.client-secret", "secret-1");
        config.putAll(extra);
        return config;
    }

    private JWTClaimsSet claims(String issuer, String subject) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(List.of(AUDIENCE))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build();
    }
}
