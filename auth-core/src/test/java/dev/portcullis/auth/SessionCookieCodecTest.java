package dev.portcullis.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The session cookie: encrypted, split over several cookies when large, and unreadable (signed out) when anything is off. */
class SessionCookieCodecTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration MAX_AGE = Duration.ofHours(12);
    private static final RSAKey SIGNING_KEY = TestJwts.rsaKey("idp-key");
    private static final byte[] SECRET_A = TestJwts.randomBytes(32);
    private static final byte[] SECRET_B = TestJwts.randomBytes(32);

    private final SessionCookieCodec codec = codec(List.of(SECRET_A), false, CLOCK);

    @Test
    void sessionRoundTripsThroughOneCookie() {
        Session session = session(TestJwts.opaqueToken(40));

        List<SetCookie> cookies = codec.write(session, Set.of());

        assertThat(cookies).extracting(SetCookie::name).containsExactly("portcullis");
        SetCookie cookie = cookies.get(0);
        assertThat(cookie.maxAge()).isEmpty();
        assertThat(cookie.secure()).isFalse();
        assertThat(cookie.value().length()).isLessThanOrEqualTo(SessionCookieCodec.CHUNK_LENGTH);
        assertThat(codec.read(jar(cookies))).contains(session);
    }

    @Test
    void readSessionCarriesTheIdTokenClaimsTokensAndGroups() {
        Session session = session("access-1");

        Session read = codec.read(jar(codec.write(session, Set.of()))).orElseThrow();

        assertThat(read.provider()).isEqualTo("test");
        assertThat(read.identity().subject()).isEqualTo("user-1");
        assertThat(read.identity().groups()).containsExactlyInAnyOrder("admins", "users");
        assertThat(read.identity().claims()).containsEntry("email", "user@example.com").containsEntry("iss", "https://issuer.example/");
        assertThat(read.identity().source()).isEqualTo(Identity.Source.SESSION);
        assertThat(read.identity().rawToken()).isEqualTo(session.tokens().idToken().orElseThrow());
        assertThat(read.tokens().accessToken()).isEqualTo("access-1");
        assertThat(read.tokens().refreshToken()).contains("refresh-1");
        assertThat(read.tokens().tokenType()).isEqualTo("Bearer");
        assertThat(read.tokens().accessTokenExpiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(read.createdAt()).isEqualTo(NOW);
        assertThat(read.expiresAt()).isEqualTo(NOW.plus(MAX_AGE));
    }

    @Test
    void theLastUseRoundTripsToTheSecond() {
        Session session = session("access-1").usedAt(NOW.plusMillis(90_700));

        Session read = codec.read(jar(codec.write(session, Set.of()))).orElseThrow();

        assertThat(read.lastUsedAt()).isEqualTo(NOW.plusSeconds(90));
        assertThat(read.createdAt()).isEqualTo(NOW);
    }

    @Test
    void aCookieWithoutALastUseWasLastUsedAtSignIn() {
        // sealed before the cookie recorded its last use: the sign-in is the one use it proves
        CookieCipher cipher = new CookieCipher(List.of(SECRET_A), "session");
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("prv", "test").subject("user-1").claim("at", "a").claim("ate", NOW.plusSeconds(300).getEpochSecond())
                .claim("idt", session("a").tokens().idToken().orElseThrow())
                .issueTime(Date.from(NOW.minusSeconds(600))).expirationTime(Date.from(NOW.plus(MAX_AGE))).build();

        assertThat(codec.read(Map.of("portcullis", cipher.seal(claims)))).hasValueSatisfying(
                read -> assertThat(read.lastUsedAt()).isEqualTo(NOW.minusSeconds(600)));
    }

    @Test
    void sessionWithoutRefreshTokenRoundTrips() {
        Session session = session("access-1", Optional.empty());

        assertThat(codec.read(jar(codec.write(session, Set.of())))).contains(session);
    }

    @Test
    void noCookieMeansSignedOut() {
        assertThat(codec.read(Map.of())).isEmpty();
        assertThat(codec.read(Map.of("portcullis", ""))).isEmpty();
        assertThat(codec.read(Map.of("other", "x"))).isEmpty();
    }

    @Test
    void tamperedCookieReadsAsSignedOut() {
        Map<String, String> jar = jar(codec.write(session("access-1"), Set.of()));
        String value = jar.get("portcullis");

        jar.put("portcullis", TestJwts.flipCharAt(value, TestJwts.middleOfSegment(value, 3)));

        assertThat(codec.read(jar)).isEmpty();
    }

    @Test
    void truncatedCookieReadsAsSignedOut() {
        Map<String, String> jar = jar(codec.write(session("access-1"), Set.of()));
        String value = jar.get("portcullis");

        jar.put("portcullis", value.substring(0, value.length() - 5));

        assertThat(codec.read(jar)).isEmpty();
    }

    @Test
    void cookieSealedWithAnotherSecretReadsAsSignedOut() {
        Map<String, String> jar = jar(codec(List.of(SECRET_B), false, CLOCK).write(session("access-1"), Set.of()));

        assertThat(codec.read(jar)).isEmpty();
    }

    @Test
    void loginStateValueInTheSessionCookieReadsAsSignedOut() {
        CookieCipher loginCipher = new CookieCipher(List.of(SECRET_A), "login");
        LoginStateCodec logins = new LoginStateCodec(loginCipher, new CookieNames(false), false);
        String loginValue = logins.write(new LoginState("st", "nn", "cv", "test", ReturnTo.ROOT, NOW.plusSeconds(600))).value();

        assertThat(codec.read(Map.of("portcullis", loginValue))).isEmpty();
    }

    @Test
    void sessionOfAProviderThatIsNoLongerEnabledReadsAsSignedOut() {
        Map<String, String> jar = jar(codec.write(session("access-1"), Set.of()));
        SessionCookieCodec otherProvidersOnly = new SessionCookieCodec(new CookieCipher(List.of(SECRET_A), "session"),
                new CookieNames(false), false, Set.of("auth0"), CLOCK);

        assertThat(codec.read(jar)).isPresent();
        assertThat(otherProvidersOnly.read(jar)).isEmpty();
    }

    @Test
    void sessionValueSealedWithLoginPurposeReadsAsSignedOut() {
        // the very same claims a session cookie holds, but sealed by the login-state cipher
        SessionCookieCodec sealedAsLogin = new SessionCookieCodec(new CookieCipher(List.of(SECRET_A), "login"),
                new CookieNames(false), false, Set.of("test"), CLOCK);
        Map<String, String> jar = jar(sealedAsLogin.write(session("access-1"), Set.of()));
        assertThat(sealedAsLogin.read(jar)).isPresent();

        assertThat(codec.read(jar)).isEmpty();
    }

    @Test
    void rotatedSecretStillReadsSessionsSealedWithTheOldOne() {
        Session session = session("access-1");
        Map<String, String> sealedWithA = jar(codec.write(session, Set.of()));

        assertThat(codec(List.of(SECRET_B, SECRET_A), false, CLOCK).read(sealedWithA)).contains(session);
        assertThat(codec(List.of(SECRET_B), false, CLOCK).read(sealedWithA)).isEmpty();
    }

    @Test
    void rotatedCodecWritesWithTheNewSecret() {
        Session session = session("access-1");
        Map<String, String> written = jar(codec(List.of(SECRET_B, SECRET_A), false, CLOCK).write(session, Set.of()));

        assertThat(codec(List.of(SECRET_B), false, CLOCK).read(written)).contains(session);
        assertThat(codec.read(written)).isEmpty();
    }

    @Test
    void largeSessionIsSplitOverNumberedCookiesAndJoinedAgain() {
        Session session = session(TestJwts.opaqueToken(6 * 1024));

        List<SetCookie> cookies = codec.write(session, Set.of());

        assertThat(cookies).extracting(SetCookie::name).containsExactly("portcullis", "portcullis.1", "portcullis.2");
        assertThat(cookies).allSatisfy(cookie -> {
            assertThat(cookie.value()).isNotEmpty().hasSizeLessThanOrEqualTo(SessionCookieCodec.CHUNK_LENGTH);
            assertThat(cookie.deletes()).isFalse();
        });
        assertThat(cookies.get(0).value()).hasSize(SessionCookieCodec.CHUNK_LENGTH);
        assertThat(codec.read(jar(cookies))).contains(session);
    }

    @Test
    void sessionThatNeedsExactlyFourCookiesIsWrittenAndRead() {
        Session session = sessionNeedingCookies(4);

        List<SetCookie> cookies = codec.write(session, Set.of());

        assertThat(cookies).extracting(SetCookie::name)
                .containsExactly("portcullis", "portcullis.1", "portcullis.2", "portcullis.3");
        assertThat(codec.read(jar(cookies))).contains(session);
    }

    @Test
    void missingMiddleOrLastChunkReadsAsSignedOut() {
        List<SetCookie> cookies = codec.write(session(TestJwts.opaqueToken(6 * 1024)), Set.of());

        Map<String, String> withoutMiddle = jar(cookies);
        withoutMiddle.remove("portcullis.1");
        Map<String, String> withoutLast = jar(cookies);
        withoutLast.remove("portcullis.2");

        assertThat(codec.read(withoutMiddle)).isEmpty();
        assertThat(codec.read(withoutLast)).isEmpty();
    }

    @Test
    void tamperedChunkReadsAsSignedOut() {
        Map<String, String> jar = jar(codec.write(session(TestJwts.opaqueToken(6 * 1024)), Set.of()));
        String chunk = jar.get("portcullis.1");

        jar.put("portcullis.1", TestJwts.flipCharAt(chunk, chunk.length() / 2));

        assertThat(codec.read(jar)).isEmpty();
    }

    @Test
    void chunksOfTwoSessionsDoNotCombine() {
        Map<String, String> first = jar(codec.write(session(TestJwts.opaqueToken(6 * 1024)), Set.of()));
        Map<String, String> second = jar(codec.write(session(TestJwts.opaqueToken(6 * 1024)), Set.of()));

        Map<String, String> mixed = new HashMap<>(first);
        mixed.put("portcullis.1", second.get("portcullis.1"));

        assertThat(codec.read(mixed)).isEmpty();
    }

    @Test
    void strayChunkAfterTheLastOneReadsAsSignedOut() {
        Map<String, String> jar = jar(codec.write(session(TestJwts.opaqueToken(6 * 1024)), Set.of()));
        jar.put("portcullis.3", "AAAA");

        assertThat(codec.read(jar)).isEmpty();
    }

    @Test
    void sessionNeedingMoreThanFourCookiesIsRefused() {
        Session session = sessionNeedingCookies(5);

        assertThatExceptionOfType(LoginFailedException.class)
                .isThrownBy(() -> codec.write(session, Set.of()))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SESSION_TOO_LARGE);
                    assertThat(e.provider()).contains("test");
                    assertThat(e.getMessage()).doesNotContain(session.tokens().accessToken());
                });
    }

    @Test
    void sixteenKilobyteAccessTokenIsRefusedAsTooLarge() {
        Session session = session(TestJwts.opaqueToken(16 * 1024));

        assertThatExceptionOfType(LoginFailedException.class)
                .isThrownBy(() -> codec.write(session, Set.of()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.SESSION_TOO_LARGE));
    }

    @Test
    void expiredSessionReadsAsSignedOut() {
        Map<String, String> jar = jar(codec.write(session("access-1"), Set.of()));

        Clock oneSecondBeforeExpiry = Clock.fixed(NOW.plus(MAX_AGE).minusSeconds(1), ZoneOffset.UTC);
        Clock atExpiry = Clock.fixed(NOW.plus(MAX_AGE), ZoneOffset.UTC);
        Clock dayAfter = Clock.fixed(NOW.plus(MAX_AGE).plus(Duration.ofDays(1)), ZoneOffset.UTC);

        assertThat(codec(List.of(SECRET_A), false, oneSecondBeforeExpiry).read(jar)).isPresent();
        assertThat(codec(List.of(SECRET_A), false, atExpiry).read(jar)).isEmpty();
        assertThat(codec(List.of(SECRET_A), false, dayAfter).read(jar)).isEmpty();
    }

    @Test
    void expiredAccessTokenDoesNotEndTheSession() {
        Map<String, String> jar = jar(codec.write(session("access-1"), Set.of()));
        Clock afterAccessTokenExpiry = Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC);

        Session read = codec(List.of(SECRET_A), false, afterAccessTokenExpiry).read(jar).orElseThrow();

        assertThat(read.accessTokenExpiresWithin(afterAccessTokenExpiry.instant(), Duration.ZERO)).isTrue();
    }

    @Test
    void noSessionIsASessionInvalidFailure() {
        assertThat(codec.noSession()).isInstanceOf(SessionEndedException.class)
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.SESSION_INVALID));
    }

    @Test
    void writeDeletesStaleHigherChunksTheBrowserStillHolds() {
        Set<String> present = Set.of("portcullis", "portcullis.1", "portcullis.2", "portcullis-login", "other", "portcullis.x");

        List<SetCookie> cookies = codec.write(session("access-1"), present);

        assertThat(cookies.get(0).name()).isEqualTo("portcullis");
        assertThat(cookies.get(0).deletes()).isFalse();
        assertThat(cookies.subList(1, cookies.size()))
                .allSatisfy(cookie -> assertThat(cookie.deletes()).isTrue())
                .extracting(SetCookie::name)
                .containsExactlyInAnyOrder("portcullis.1", "portcullis.2");
    }

    @Test
    void writeKeepsChunksTheNewSessionStillUses() {
        Set<String> present = Set.of("portcullis", "portcullis.1", "portcullis.2", "portcullis.3");

        List<SetCookie> cookies = codec.write(session(TestJwts.opaqueToken(6 * 1024)), present);

        assertThat(cookies).filteredOn(SetCookie::deletes).extracting(SetCookie::name).containsExactly("portcullis.3");
        assertThat(cookies).filteredOn(cookie -> !cookie.deletes()).extracting(SetCookie::name)
                .containsExactly("portcullis", "portcullis.1", "portcullis.2");
    }

    @Test
    void clearDeletesTheBaseCookieAndEveryPresentChunk() {
        Set<String> present = Set.of("portcullis.2", "portcullis.1", "portcullis-login", "other");

        List<SetCookie> cookies = codec.clear(present);

        assertThat(cookies).extracting(SetCookie::name).containsExactly("portcullis", "portcullis.1", "portcullis.2");
        assertThat(cookies).allSatisfy(cookie -> assertThat(cookie.deletes()).isTrue());
        assertThat(cookies.get(0).headerValue()).isEqualTo("portcullis=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    @Test
    void clearDeletesTheBaseCookieEvenWhenNoneIsPresent() {
        assertThat(codec.clear(Set.of())).extracting(SetCookie::name).containsExactly("portcullis");
    }

    @Test
    void secureCodecUsesHostPrefixedSecureCookies() {
        SessionCookieCodec secure = codec(List.of(SECRET_A), true, CLOCK);
        Session session = session(TestJwts.opaqueToken(6 * 1024));

        List<SetCookie> cookies = secure.write(session, Set.of("__Host-portcullis.3"));

        assertThat(cookies).extracting(SetCookie::name)
                .containsExactly("__Host-portcullis", "__Host-portcullis.1", "__Host-portcullis.2", "__Host-portcullis.3");
        assertThat(cookies).allSatisfy(cookie -> assertThat(cookie.secure()).isTrue());
        assertThat(cookies.subList(0, 3)).allSatisfy(cookie -> assertThat(cookie.headerValue())
                .isEqualTo(cookie.name() + "=" + cookie.value() + "; Path=/; Secure; HttpOnly; SameSite=Lax"));
        assertThat(cookies.get(3).headerValue()).isEqualTo("__Host-portcullis.3=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertThat(secure.read(jar(cookies))).contains(session);
        assertThat(secure.clear(Set.of("__Host-portcullis.1"))).extracting(SetCookie::headerValue)
                .containsExactly("__Host-portcullis=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax",
                        "__Host-portcullis.1=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void secureCodecIgnoresCookiesWithoutTheHostPrefix() {
        SessionCookieCodec secure = codec(List.of(SECRET_A), true, CLOCK);
        List<SetCookie> cookies = secure.write(session("access-1"), Set.of());
        String value = cookies.get(0).value();

        assertThat(secure.read(Map.of("portcullis", value))).isEmpty();
        assertThat(secure.read(Map.of("__Host-portcullis", value))).isPresent();
        assertThat(secure.clear(Set.of("portcullis.1"))).extracting(SetCookie::name).containsExactly("__Host-portcullis");
    }

    @Test
    void sessionCookieNamesAreTheBaseAndNumberedChunks() {
        CookieNames plain = new CookieNames(false);
        assertThat(plain.isSessionChunk("portcullis")).isTrue();
        assertThat(plain.isSessionChunk("portcullis.1")).isTrue();
        assertThat(plain.isSessionChunk("portcullis.12")).isTrue();
        assertThat(plain.isSessionChunk("portcullis.123")).isFalse();
        assertThat(plain.isSessionChunk("portcullis.")).isFalse();
        assertThat(plain.isSessionChunk("portcullis.x")).isFalse();
        assertThat(plain.isSessionChunk("portcullis-login")).isFalse();
        assertThat(plain.isSessionChunk("__Host-portcullis")).isFalse();
        assertThat(new CookieNames(true).isSessionChunk("__Host-portcullis.1")).isTrue();
    }

    @Test
    void cookieWithoutIdTokenReadsAsSignedOut() {
        // a sealed session whose claims lack the ID token is incomplete
        CookieCipher cipher = new CookieCipher(List.of(SECRET_A), "session");
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("prv", "test").subject("user-1").claim("at", "a").claim("ate", NOW.plusSeconds(300).getEpochSecond())
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plus(MAX_AGE))).build();

        assertThat(codec.read(Map.of("portcullis", cipher.seal(claims)))).isEmpty();
        JWTClaimsSet withIdToken = new JWTClaimsSet.Builder(claims).claim("idt", session("a").tokens().idToken().orElseThrow()).build();
        assertThat(codec.read(Map.of("portcullis", cipher.seal(withIdToken)))).isPresent();
    }

    private static SessionCookieCodec codec(List<byte[]> secrets, boolean secure, Clock clock) {
        return new SessionCookieCodec(new CookieCipher(secrets, "session"), new CookieNames(secure), secure, Set.of("test"), clock);
    }

    /** The session with the shortest access token whose cookie needs the given number of chunks (more than four: refused). */
    private Session sessionNeedingCookies(int chunks) {
        int lower = 0;
        int upper = (SessionCookieCodec.MAX_CHUNKS + 2) * SessionCookieCodec.CHUNK_LENGTH;
        while (lower < upper) {
            int middle = (lower + upper) / 2;
            if (chunksFor(middle) >= chunks) {
                upper = middle;
            } else {
                lower = middle + 1;
            }
        }
        return session("a".repeat(lower));
    }

    private int chunksFor(int accessTokenLength) {
        try {
            return codec.write(session("a".repeat(accessTokenLength)), Set.of()).size();
        } catch (LoginFailedException e) {
            return SessionCookieCodec.MAX_CHUNKS + 1;
        }
    }

    static Session session(String accessToken) {
        return session(accessToken, Optional.of("refresh-1"));
    }

    static Session session(String accessToken, Optional<String> refreshToken) {
        String idToken = TestJwts.sign(SIGNING_KEY, new JWTClaimsSet.Builder()
                .issuer("https://issuer.example/")
                .subject("user-1")
                .audience("client-1")
                .claim("email", "user@example.com")
                .claim("groups", List.of("admins", "users"))
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(3600)))
                .build());
        TokenSet tokens = new TokenSet(accessToken, Optional.of(idToken), refreshToken, NOW.plusSeconds(300), "Bearer");
        Map<String, Object> claims;
        try {
            claims = JWTParser.parse(idToken).getJWTClaimsSet().getClaims();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        Identity identity = new Identity("test", "user-1", Set.of("admins", "users"), claims, idToken,
                NOW.plusSeconds(300), Identity.Source.SESSION);
        return new Session("test", tokens, identity, NOW, NOW.plus(MAX_AGE));
    }

    private static Map<String, String> jar(List<SetCookie> cookies) {
        Map<String, String> jar = new LinkedHashMap<>();
        cookies.stream().filter(cookie -> !cookie.deletes()).forEach(cookie -> jar.put(cookie.name(), cookie.value()));
        return jar;
    }
}
