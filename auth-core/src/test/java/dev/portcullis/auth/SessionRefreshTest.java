package dev.portcullis.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.nimbusds.jwt.JWTClaimsSet;

import dev.portcullis.auth.ProviderReadinessTest.MovableClock;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What becomes of a browser session when it is refreshed ({@link OidcRelyingParty#refreshSession(Session)}), and when a
 * refresh is due ({@link OidcRelyingParty#needsRefresh(Session)}). Against a real OpenID provider on loopback
 * (mock-oauth2-server) whose token endpoint answers what each test gives it; a clock the test sets.
 */
class SessionRefreshTest {

    private static final String CLIENT_ID = "client-1";

    MockOAuth2Server provider;
    final Queue<OAuth2HttpResponse> tokenAnswers = new ConcurrentLinkedQueue<>();
    MovableClock clock;
    String issuer;
    OidcRelyingParty party;

    @BeforeEach
    void start() throws Exception {
        provider = new MockOAuth2Server(new OAuth2Config(), new TokenEndpointAnswers());
        provider.start(InetAddress.getByName("127.0.0.1"), 0);
        issuer = provider.issuerUrl("test").toString();
        Map<String, String> config = new HashMap<>(TestConfig.minimal());
        config.put("auth.test.issuer", issuer);
        config.put("auth.test.client-id", CLIENT_ID);
        config.put("auth.test.client-secret", "secret-1");
        // the provider's tokens are stamped with the time of day; this clock starts there and moves only when told
        clock = new MovableClock(Instant.now());
        party = OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    @Test
    void aRefreshedSessionHasTheNewTokensAndKeepsItsUserItsStartAndItsMaximumAge() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        String newIdToken = idToken("alice", CLIENT_ID, Map.of());
        tokenAnswers.add(tokens("access-2", newIdToken, "refresh-2"));

        SessionRefresh outcome = party.refreshSession(session);

        assertThat(outcome).isInstanceOf(SessionRefresh.Refreshed.class);
        Session refreshed = ((SessionRefresh.Refreshed) outcome).session();
        assertThat(refreshed.tokens().accessToken()).isEqualTo("access-2");
        assertThat(refreshed.tokens().refreshToken()).contains("refresh-2");
        assertThat(refreshed.tokens().idToken()).contains(newIdToken);
        assertThat(refreshed.tokens().accessTokenExpiresAt()).isEqualTo(clock.instant().plusSeconds(300));
        assertThat(refreshed.identity().subject()).isEqualTo("alice");
        assertThat(refreshed.createdAt()).isEqualTo(session.createdAt());
        assertThat(refreshed.expiresAt()).isEqualTo(session.expiresAt());
    }

    @Test
    void aRefreshedSessionWasLastUsedNow() {
        // the refresh is made for a request of the session's, and its cookie is written anew: the idle timeout starts again
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        tokenAnswers.add(tokens("access-2", idToken("alice", CLIENT_ID, Map.of()), "refresh-2"));

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Refreshed.class,
                refreshed -> assertThat(refreshed.session().lastUsedAt()).isEqualTo(clock.instant()));
        assertThat(session.lastUsedAt()).isEqualTo(session.createdAt());
    }

    @Test
    void refreshRefusedWhileTheAccessTokenIsValidChangesNothing() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        tokenAnswers.add(error(400, "invalid_grant"));

        SessionRefresh outcome = party.refreshSession(session);

        assertThat(outcome).isInstanceOfSatisfying(SessionRefresh.Postponed.class, postponed -> {
            assertThat(postponed.session()).isSameAs(session);
            assertThat(postponed.cause()).isInstanceOf(SessionEndedException.class);
            assertThat(postponed.cause().reason()).isEqualTo(Reason.REFRESH_REJECTED);
        });
    }

    @Test
    void refreshRefusedAfterTheAccessTokenExpiredEndsTheSession() {
        Session session = session(validFor(Duration.ZERO), Optional.of("refresh-1"));
        tokenAnswers.add(error(400, "invalid_grant"));

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class, ended -> {
            assertThat(ended.session()).isSameAs(session);
            assertThat(ended.cause().reason()).isEqualTo(Reason.REFRESH_REJECTED);
        });
    }

    @Test
    void providerUnavailableWhileTheAccessTokenIsValidChangesNothing() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        tokenAnswers.add(serviceUnavailable());

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Postponed.class, postponed -> {
            assertThat(postponed.session()).isSameAs(session);
            assertThat(postponed.cause()).isInstanceOf(ProviderUnavailableException.class);
        });
    }

    @Test
    void providerUnavailableAfterTheAccessTokenExpiredFailsTheRequestButDoesNotEndTheSession() {
        Session session = session(validFor(Duration.ofSeconds(-1)), Optional.of("refresh-1"));
        tokenAnswers.add(serviceUnavailable());

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Failed.class, failed -> {
            assertThat(failed.session()).isSameAs(session);
            assertThat(failed.cause()).isInstanceOf(ProviderUnavailableException.class);
            assertThat(failed.cause().reason()).isEqualTo(Reason.PROVIDER_BAD_RESPONSE);
        });
    }

    @Test
    void refreshedIdTokenForAnotherUserEndsTheSessionAtOnce() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        tokenAnswers.add(tokens("access-2", idToken("mallory", CLIENT_ID, Map.of()), "refresh-2"));

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class, ended -> {
            assertThat(ended.session()).isSameAs(session);
            assertThat(ended.cause().reason()).isEqualTo(Reason.IDENTITY_CHANGED);
        });
    }

    @Test
    void refreshedIdTokenOfAnotherSignInEndsTheSessionAtOnce() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"), Map.of("auth_time", 1_700_000_000L));
        tokenAnswers.add(tokens("access-2", idToken("alice", CLIENT_ID, Map.of("auth_time", 1_700_000_600L)), "refresh-2"));

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class,
                ended -> assertThat(ended.cause().reason()).isEqualTo(Reason.IDENTITY_CHANGED));
    }

    @Test
    void refreshedIdTokenOfTheSameSignInRefreshesTheSession() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"), Map.of("auth_time", 1_700_000_000L));
        tokenAnswers.add(tokens("access-2", idToken("alice", CLIENT_ID, Map.of("auth_time", 1_700_000_000L)), "refresh-2"));

        assertThat(party.refreshSession(session)).isInstanceOf(SessionRefresh.Refreshed.class);
    }

    @Test
    void refreshedIdTokenRefusedForAClaimEndsTheSessionAtOnce() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        tokenAnswers.add(tokens("access-2", idToken("alice", "another-client", Map.of()), "refresh-2"));

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class, ended -> {
            assertThat(ended.cause().reason()).isEqualTo(Reason.TOKEN_INVALID);
            assertThat(ended.cause().getCause()).isInstanceOfSatisfying(TokenRejectedException.class,
                    rejected -> assertThat(rejected.claim()).contains("aud"));
        });
    }

    @Test
    void refreshedIdTokenNoProviderKeyVerifiesChangesNothingWhileTheAccessTokenIsValid() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        tokenAnswers.add(tokens("access-2", idTokenSignedByAStranger("alice"), "refresh-2"));

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Postponed.class, postponed -> {
            assertThat(postponed.session()).isSameAs(session);
            assertThat(postponed.cause().reason()).isEqualTo(Reason.TOKEN_INVALID);
        });
    }

    @Test
    void refreshedIdTokenNoProviderKeyVerifiesEndsTheSessionOnceTheAccessTokenExpired() {
        Session session = session(validFor(Duration.ZERO), Optional.of("refresh-1"));
        tokenAnswers.add(tokens("access-2", idTokenSignedByAStranger("alice"), "refresh-2"));

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class,
                ended -> assertThat(ended.cause().reason()).isEqualTo(Reason.TOKEN_INVALID));
    }

    @Test
    void anIdTokenRefusedForItsKeyIdIsNoReasonToEndASessionWhoseAccessTokenIsValid() {
        // a kid the rate-limited key set cannot look up is anyone's to bring about, not something the user did
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        SessionEndedException refusedForItsKey = new SessionEndedException(Reason.TOKEN_INVALID, "test", "refreshed ID token rejected",
                new TokenRejectedException(Reason.TOKEN_INVALID, "test", "kid", "no key with this kid", null));

        assertThat(TokenRefresh.afterFailure(session, refusedForItsKey, clock.instant()))
                .isEqualTo(new SessionRefresh.Postponed(session, refusedForItsKey));
        assertThat(TokenRefresh.afterFailure(session, refusedForItsKey, session.tokens().accessTokenExpiresAt()))
                .isEqualTo(new SessionRefresh.Ended(session, refusedForItsKey));
    }

    @Test
    void aSessionOfAProviderNoLongerEnabledEndsAtOnce() {
        Session ofTest = session(validFor(Duration.ofSeconds(30)), Optional.of("refresh-1"));
        Session session = new Session("other", ofTest.tokens(), ofTest.identity(), ofTest.createdAt(), ofTest.expiresAt());

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class,
                ended -> assertThat(ended.cause().reason()).isEqualTo(Reason.SESSION_INVALID));
    }

    @Test
    void aSessionWithoutRefreshTokenChangesNothingWhileItsAccessTokenIsValidAndEndsOnceItExpired() {
        Session session = session(validFor(Duration.ofSeconds(30)), Optional.empty());

        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Postponed.class,
                postponed -> assertThat(postponed.cause().reason()).isEqualTo(Reason.REFRESH_REJECTED));

        clock.advance(Duration.ofSeconds(30));
        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class,
                ended -> assertThat(ended.cause().reason()).isEqualTo(Reason.REFRESH_REJECTED));
    }

    @Test
    void aSessionWhoseAccessTokenOutlivesTheMarginNeedsNoRefresh() {
        assertThat(party.needsRefresh(session(validFor(Duration.ofSeconds(61)), Optional.of("refresh-1")))).isFalse();
    }

    @Test
    void aSessionWhoseAccessTokenExpiresWithinAMinuteNeedsRefresh() {
        assertThat(party.needsRefresh(session(validFor(Duration.ofSeconds(60)), Optional.of("refresh-1")))).isTrue();
        assertThat(party.needsRefresh(session(validFor(Duration.ofSeconds(1)), Optional.of("refresh-1")))).isTrue();
        assertThat(party.needsRefresh(session(validFor(Duration.ofSeconds(-1)), Optional.of("refresh-1")))).isTrue();
    }

    @Test
    void aSessionWithoutRefreshTokenNeedsRefreshOnlyOnceItsAccessTokenExpired() {
        assertThat(party.needsRefresh(session(validFor(Duration.ofSeconds(30)), Optional.empty()))).isFalse();
        assertThat(party.needsRefresh(session(validFor(Duration.ZERO), Optional.empty()))).isTrue();
    }

    private Instant validFor(Duration duration) {
        return clock.instant().plus(duration);
    }

    private Session session(Instant accessTokenExpiresAt, Optional<String> refreshToken) {
        return session(accessTokenExpiresAt, refreshToken, Map.of());
    }

    /** Alice's session at this provider, signed in an hour ago. */
    private Session session(Instant accessTokenExpiresAt, Optional<String> refreshToken, Map<String, Object> extraClaims) {
        Map<String, Object> claims = new HashMap<>(extraClaims);
        claims.put("iss", issuer);
        claims.put("sub", "alice");
        TokenSet tokens = new TokenSet("access-1", Optional.of("id-token-1"), refreshToken, accessTokenExpiresAt, "Bearer");
        Identity identity = new Identity("test", "alice", Set.of(), claims, "id-token-1", accessTokenExpiresAt, Identity.Source.SESSION);
        Instant signedIn = clock.instant().minus(Duration.ofHours(1));
        return new Session("test", tokens, identity, signedIn, signedIn.plus(Duration.ofHours(12)));
    }

    /** An ID token the provider signs, issued to this client, for this client unless told otherwise. */
    private String idToken(String subject, String audience, Map<String, Object> claims) {
        return provider.issueToken("test", CLIENT_ID,
                new DefaultOAuth2TokenCallback("test", subject, "JWT", List.of(audience), claims, 3600)).serialize();
    }

    /** A well-formed ID token for the user, signed with a key the provider does not publish. */
    private String idTokenSignedByAStranger(String subject) {
        return TestJwts.sign(TestJwts.rsaKey("stranger"), new JWTClaimsSet.Builder()
                .issuer(issuer).subject(subject).audience(List.of(CLIENT_ID))
                .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plusSeconds(3600)))
                .build());
    }

    private static OAuth2HttpResponse tokens(String accessToken, String idToken, String refreshToken) {
        return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"id_token\":\"" + idToken + "\",\"refresh_token\":\"" + refreshToken + "\"}");
    }

    private static OAuth2HttpResponse error(int status, String code) {
        return json(status, "{\"error\":\"" + code + "\"}");
    }

    private static OAuth2HttpResponse serviceUnavailable() {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "text/html"), 503, "<h1>Service Unavailable</h1>", null);
    }

    private static OAuth2HttpResponse json(int status, String body) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), status, body, null);
    }

    /** Answers the token endpoint with the next answer the test queued; every other request is the mock's own. */
    private final class TokenEndpointAnswers implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getUrl().encodedPath().equals("/test/token") && !tokenAnswers.isEmpty();
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return tokenAnswers.remove();
        }
    }
}
