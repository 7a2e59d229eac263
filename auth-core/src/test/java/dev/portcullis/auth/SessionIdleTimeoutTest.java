package dev.portcullis.auth;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import dev.portcullis.auth.ProviderReadinessTest.MovableClock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.session.idle-timeout}: a session no request used for that long ends, without server state. Its cookie
 * records its last use, re-sealed at most once a minute. Each request here is what the guard does with the browser's
 * cookies: read the session, end it or refresh it when {@link OidcRelyingParty#needsRefresh(Session)} says so, else
 * {@link OidcRelyingParty#touch(Session)} it and write its cookies when that gives a session. A clock the test moves.
 * <p>
 * The provider's issuer is a loopback port nothing listens on, and the access token outlives every test: a session
 * that asked the provider anything would be postponed for a provider that is down, never ended for being idle.
 */
class SessionIdleTimeoutTest {

    private static final Instant SIGN_IN = Instant.parse("2025-03-01T10:00:00Z");

    private final MovableClock clock = new MovableClock(SIGN_IN);
    /** The browser's cookies. */
    private final Map<String, String> jar = new LinkedHashMap<>();

    @Test
    void aSessionUsedWithinTheIdleTimeoutStays() {
        OidcRelyingParty party = party(Optional.of("PT30M"));
        signIn(party);

        for (int request = 1; request <= 6; request++) {
            clock.advance(Duration.ofMinutes(29).plusSeconds(59));

            assertThat(request(party)).as("request %d", request).isEqualTo(Outcome.SERVED_WITH_NEW_COOKIE);
        }
        assertThat(session(party).lastUsedAt()).isEqualTo(SIGN_IN.plus(Duration.ofMinutes(29).plusSeconds(59).multipliedBy(6)));
    }

    @Test
    void aSessionNotUsedForTheIdleTimeoutEndsWithoutAskingTheProvider() {
        OidcRelyingParty party = party(Optional.of("PT30M"));
        signIn(party);
        Session session = session(party);

        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertThat(party.needsRefresh(session)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(party.needsRefresh(session)).isTrue();
        assertThat(party.refreshSession(session)).isInstanceOfSatisfying(SessionRefresh.Ended.class, ended -> {
            assertThat(ended.session()).isSameAs(session);
            assertThat(ended.cause().reason()).isEqualTo(Reason.SESSION_IDLE);
            assertThat(ended.cause().provider()).contains("test");
            assertThat(ended.cause().getMessage()).isEqualTo("the session was not used for PT30M (auth.session.idle-timeout)");
        });
    }

    @Test
    void theIdleTimeoutCountsFromTheLastUseTheCookieRecords() {
        OidcRelyingParty party = party(Optional.of("PT30M"));
        signIn(party);
        clock.advance(Duration.ofMinutes(20));
        assertThat(request(party)).isEqualTo(Outcome.SERVED_WITH_NEW_COOKIE);

        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertThat(party.needsRefresh(session(party))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(request(party)).isEqualTo(Outcome.ENDED);
    }

    @Test
    void theLastUseIsResealedOnlyOnceAMinuteHasPassedSinceTheRecordedOne() {
        OidcRelyingParty party = party(Optional.of("PT30M"));
        signIn(party);

        // a request every ten seconds for five minutes
        List<Duration> newCookies = new ArrayList<>();
        for (int second = 10; second <= 300; second += 10) {
            clock.advance(Duration.ofSeconds(10));
            if (request(party) == Outcome.SERVED_WITH_NEW_COOKIE) {
                newCookies.add(Duration.between(SIGN_IN, clock.instant()));
            }
        }

        assertThat(newCookies).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(180),
                Duration.ofSeconds(240), Duration.ofSeconds(300));
        assertThat(session(party).lastUsedAt()).isEqualTo(SIGN_IN.plusSeconds(300));
    }

    @Test
    void aTouchedSessionIsTheSameSessionLastUsedNow() {
        OidcRelyingParty party = party(Optional.of("PT30M"));
        signIn(party);
        Session session = session(party);

        clock.advance(Duration.ofSeconds(59));
        assertThat(party.touch(session)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(party.touch(session)).contains(session.usedAt(SIGN_IN.plusSeconds(60)));
    }

    @Test
    void withoutAnIdleTimeoutNoSessionEndsForBeingIdleAndNoCookieIsResealed() {
        OidcRelyingParty party = party(Optional.empty());
        signIn(party);
        Session session = session(party);

        assertThat(party.settings().sessionIdleTimeout()).isEmpty();
        // unused since sign-in, up to two minutes before the session's maximum age (and its access token's refresh)
        for (Duration sinceSignIn : List.of(Duration.ofMinutes(1), Duration.ofMinutes(31), Duration.ofHours(11).plusMinutes(58))) {
            clock.advance(Duration.between(clock.instant(), SIGN_IN.plus(sinceSignIn)));
            assertThat(party.needsRefresh(session)).as("after %s", sinceSignIn).isFalse();
            assertThat(party.touch(session)).as("after %s", sinceSignIn).isEmpty();
        }
        assertThat(request(party)).isEqualTo(Outcome.SERVED);
        assertThat(session(party).lastUsedAt()).isEqualTo(SIGN_IN);
    }

    @Test
    void aCookieSealedBeforeLastUseWasRecordedCountsItsSignInAsItsLastUse() {
        OidcRelyingParty party = party(Optional.of("PT30M"));
        Session session = signedInSession();
        jar.put("__Host-portcullis", new CookieCipher(party.settings().sessionSecrets(), "session").seal(claimsWithoutLastUse(session)));

        assertThat(session(party).lastUsedAt()).isEqualTo(SIGN_IN);
        clock.advance(Duration.ofMinutes(1));
        assertThat(request(party)).as("its first request a minute on records its use").isEqualTo(Outcome.SERVED_WITH_NEW_COOKIE);
        assertThat(session(party).lastUsedAt()).isEqualTo(SIGN_IN.plusSeconds(60));
    }

    @Test
    void aCookieSealedBeforeLastUseWasRecordedAndOlderThanTheIdleTimeoutEnds() {
        OidcRelyingParty party = party(Optional.of("PT30M"));
        Session session = signedInSession();
        jar.put("__Host-portcullis", new CookieCipher(party.settings().sessionSecrets(), "session").seal(claimsWithoutLastUse(session)));

        clock.advance(Duration.ofMinutes(30));

        assertThat(request(party)).isEqualTo(Outcome.ENDED);
    }

    private enum Outcome { SERVED, SERVED_WITH_NEW_COOKIE, ENDED }

    /** One request with the browser's cookies, as the guard serves it; the answer's cookies go back into the jar. */
    private Outcome request(OidcRelyingParty party) {
        Session session = session(party);
        if (party.needsRefresh(session)) {
            SessionRefresh outcome = party.refreshSession(session);
            assertThat(outcome).as("nothing but an idle session needs a refresh here").isInstanceOf(SessionRefresh.Ended.class);
            party.sessions().clear(jar.keySet()).forEach(cookie -> jar.remove(cookie.name()));
            return Outcome.ENDED;
        }
        Optional<Session> used = party.touch(session);
        used.ifPresent(touched -> party.sessions().write(touched, jar.keySet()).forEach(cookie -> jar.put(cookie.name(), cookie.value())));
        return used.isPresent() ? Outcome.SERVED_WITH_NEW_COOKIE : Outcome.SERVED;
    }

    private Session session(OidcRelyingParty party) {
        return party.sessions().read(jar).orElseThrow(() -> new AssertionError("the browser holds no session"));
    }

    private void signIn(OidcRelyingParty party) {
        party.sessions().write(signedInSession(), Set.of()).forEach(cookie -> jar.put(cookie.name(), cookie.value()));
    }

    private OidcRelyingParty party(Optional<String> idleTimeout) {
        Map<String, String> config = TestConfig.minimal();
        config.put("auth.test.issuer", "http://127.0.0.1:1/test");
        config.put("auth.test.client-id", "client-1");
        config.put("auth.test.client-secret", "secret-1");
        idleTimeout.ifPresent(timeout -> config.put("auth.session.idle-timeout", timeout));
        return OidcRelyingParty.create(TestConfig.values(config), clock, Map.of("test", new FakeProviderFactory("test")));
    }

    /** Alice, signed in now, with a refresh token and an access token that outlives the session. */
    private static Session signedInSession() {
        Instant end = SIGN_IN.plus(Duration.ofHours(12));
        String idToken = TestJwts.sign(TestJwts.rsaKey("idp-key"), new JWTClaimsSet.Builder()
                .issuer("http://127.0.0.1:1/test").subject("alice").audience("client-1")
                .issueTime(Date.from(SIGN_IN)).expirationTime(Date.from(end)).build());
        Map<String, Object> claims;
        try {
            claims = JWTParser.parse(idToken).getJWTClaimsSet().getClaims();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        TokenSet tokens = new TokenSet("access-1", Optional.of(idToken), Optional.of("refresh-1"), end, "Bearer");
        Identity identity = new Identity("test", "alice", Set.of(), claims, idToken, end, Identity.Source.SESSION);
        return new Session("test", tokens, identity, SIGN_IN, end);
    }

    /** The claims a session cookie held before it recorded its last use. */
    private static JWTClaimsSet claimsWithoutLastUse(Session session) {
        return new JWTClaimsSet.Builder()
                .claim("prv", session.provider()).subject(session.identity().subject())
                .claim("at", session.tokens().accessToken())
                .claim("ate", session.tokens().accessTokenExpiresAt().getEpochSecond())
                .claim("tt", "Bearer").claim("grp", List.of())
                .claim("idt", session.tokens().idToken().orElseThrow())
                .claim("rt", session.tokens().refreshToken().orElseThrow())
                .issueTime(Date.from(session.createdAt())).expirationTime(Date.from(session.expiresAt()))
                .build();
    }
}
