package dev.portcullis.service;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.EmbeddedProvider;
import dev.portcullis.testing.LogCapture;
import dev.portcullis.service.testing.ReuseDetectingProxy;
import dev.portcullis.service.testing.ReuseDetectingProxy.Outcome;
import dev.portcullis.service.testing.SealedSessions;
import dev.portcullis.testing.SignIn;
import dev.portcullis.testing.TestProvider;

import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.portcullis.service.testing.Responses.json;
import static dev.portcullis.service.testing.Responses.location;
import static dev.portcullis.service.testing.Responses.setCookie;
import static dev.portcullis.service.testing.Responses.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the session cookie and on refresh and logout, over HTTP. The provider is reached through a proxy that
 * rotates refresh tokens with reuse detection (a used refresh token presented again revokes its whole family), as
 * Auth0 and Okta do; each test sets whether the provider allows an overlap period. Whatever is done to the cookie,
 * the answer is exactly the one a request without a cookie gets; no answer shows a stack trace, and no answer or log
 * line shows a token or cookie value.
 */
@HelidonTest
@Timeout(120)
class SessionAttackTest {

    /** Between the service and the provider; it listens first, so the service is configured with its issuer. */
    static final ReuseDetectingProxy PROXY = ReuseDetectingProxy.start();

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc")
            .setting("auth.oidc.issuer", PROXY.issuer("oidc").toString())
            .setting("auth.refresh.api-callers", "true")
            .build();
    static final EmbeddedProvider PROVIDER = PROXY.forwardTo(SERVICE.provider());
    static final String ORIGIN = SERVICE.baseUrl().toString();

    /** Enough groups that the tokens need three cookies. */
    static final List<String> MANY_GROUPS = IntStream.range(0, 50).mapToObj(i -> "portcullis-group-number-%03d".formatted(i)).toList();
    static final String BIG_CLAIMS = "{\"groups\":[" + MANY_GROUPS.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",")) + "]}";

    /** Every session cookie value any answer set, to search the logs for. */
    static final List<String> COOKIE_VALUES = new CopyOnWriteArrayList<>();
    static LogCapture logs;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterAll
    static void nothingSecretWasLoggedAndEverythingStops() {
        try {
            List<String> lines = logs.lines();
            List<String> secrets = new ArrayList<>(PROXY.tokenValues());
            secrets.addAll(COOKIE_VALUES);
            secrets.add(EmbeddedProvider.CLIENT_SECRET);
            assertThat(secrets).hasSizeGreaterThan(10);
            assertThat(lines).as("the capture works").anyMatch(line -> line.contains("session refreshed: provider=oidc sub=alice"));
            for (String secret : secrets) {
                assertThat(lines).as("log lines").noneMatch(line -> line.contains(secret));
            }
        } finally {
            logs.close();
            PROXY.close();
        }
    }

    @BeforeEach
    void strictReuseDetection() {
        PROXY.overlapPeriod(Duration.ZERO);
        PROXY.clearExchanges();
        PROVIDER.clearRequests();
    }

    // ---- cookie attributes -------------------------------------------------------------------------------------

    @Test
    void everyCookieOfLoginCallbackRefreshAndLogoutIsHttpOnlyLaxForTheWholeSiteAndNotSecureOnPlainHttp() {
        List<HttpResponse<String>> answers = new ArrayList<>();
        Browser browser = new Browser();
        answers.add(browser.get(SERVICE.url("/auth/login")));
        answers.add(signIn(browser, "alice", BIG_CLAIMS));
        answers.add(refresh(browser));
        answers.add(browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN));
        answers.add(signIn(browser, "alice", BIG_CLAIMS));
        answers.add(browser.send(Browser.request(SERVICE.url("/auth/logout"))
                .header("Accept", "text/html").header("Sec-Fetch-Site", "same-origin").GET()));
        Browser ended = withCookies(revokedSessionWithExpiredAccessToken());
        answers.add(refresh(ended));
        answers.add(withCookies(revokedSessionWithExpiredAccessToken()).getJson(SERVICE.url("/api/me")));

        List<String> all = answers.stream().flatMap(answer -> setCookies(answer).stream()).toList();
        assertThat(all).allSatisfy(cookie -> assertThat(cookie)
                .matches("portcullis(-login|\\.[1-3])?=[A-Za-z0-9._-]*; Path=/(; Max-Age=(0|600))?; HttpOnly; SameSite=Lax"));
        assertThat(all.stream().map(cookie -> cookie.substring(0, cookie.indexOf('=')))).contains(
                "portcullis-login", "portcullis", "portcullis.1", "portcullis.2");
        assertThat(all).contains("portcullis.2=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
                "portcullis-login=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    // ---- a cookie that is not a session of this service --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aBitFlippedInAnyPartOfTheSessionCookieIsTheSameAsNoCookie(int part) {
        // the parts of a compact JWE: header, encrypted key, iv, ciphertext, tag
        String[] parts = sessionOf("alice", "{}").get("portcullis").split("\\.");
        byte[] bytes = new Base64URL(parts[part]).decode();
        bytes[bytes.length / 2] ^= 0x01;
        parts[part] = Base64URL.encode(bytes).toString();

        assertSameAsNoCookie(Map.of("portcullis", String.join(".", parts)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"first 100 characters", "without its last character", "without its tag"})
    void aTruncatedSessionCookieIsTheSameAsNoCookie(String truncation) {
        String cookie = sessionOf("alice", "{}").get("portcullis");
        String truncated = switch (truncation) {
            case "first 100 characters" -> cookie.substring(0, 100);
            case "without its last character" -> cookie.substring(0, cookie.length() - 1);
            default -> cookie.substring(0, cookie.lastIndexOf('.') + 1);
        };

        assertSameAsNoCookie(Map.of("portcullis", truncated));
    }

    @Test
    void aSessionCookieSealedWithAnotherDeploymentsKeyIsTheSameAsNoCookie() {
        // a well-formed session of a real ID token, under a key id this service does not know
        String foreign = SealedSessions.oidcSession(PROVIDER, ORIGIN,
                Base64.getEncoder().encodeToString("another-deployment-key-000000001".getBytes(StandardCharsets.US_ASCII)),
                Instant.now().plusSeconds(3600), null);

        assertSameAsNoCookie(Map.of("portcullis", foreign));
    }

    @Test
    void aLoginStateCookieIsNotASession() {
        Browser browser = new Browser();
        browser.get(SERVICE.url("/auth/login"));

        assertSameAsNoCookie(Map.of("portcullis", browser.cookies().get("portcullis-login")));
    }

    @Test
    void anUnencryptedTokenWithASessionsClaimsIsNotASession() {
        String plain = new PlainJWT(new JWTClaimsSet.Builder().subject("alice").claim("prv", "oidc").claim("at", "x")
                .claim("ate", Instant.now().plusSeconds(3600).getEpochSecond()).claim("grp", List.of("admin"))
                .issueTime(new java.util.Date()).expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600))).build()).serialize();

        assertSameAsNoCookie(Map.of("portcullis", plain));
    }

    @Test
    void aChunkOfAnotherUsersSessionMixedInIsTheSameAsNoCookie() {
        Map<String, String> alice = sessionOf("alice", BIG_CLAIMS);
        Map<String, String> bob = sessionOf("bob", BIG_CLAIMS);
        assertThat(alice).containsKeys("portcullis.1", "portcullis.2");
        Map<String, String> mixed = new LinkedHashMap<>(alice);
        mixed.put("portcullis.1", bob.get("portcullis.1"));

        assertSameAsNoCookie(mixed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"portcullis", "portcullis.1", "portcullis.2"})
    void aSessionWithAChunkMissingIsTheSameAsNoCookie(String missing) {
        Map<String, String> session = new LinkedHashMap<>(sessionOf("alice", BIG_CLAIMS));
        assertThat(session).containsOnlyKeys("portcullis", "portcullis.1", "portcullis.2");
        session.remove(missing);

        assertSameAsNoCookie(session);
    }

    // ---- chunks ------------------------------------------------------------------------------------------------

    @Test
    void tokensTooLargeForOneCookieAreSplitIntoChunksUnder4096BytesAndJoinedAgain() {
        Browser browser = new Browser();
        HttpResponse<String> callback = signIn(browser, "alice", BIG_CLAIMS);

        List<String> sessionCookies = setCookies(callback).stream().filter(c -> c.startsWith("portcullis=") || c.startsWith("portcullis.")).toList();
        assertThat(sessionCookies).hasSize(3).allSatisfy(cookie ->
                assertThat(cookie.getBytes(StandardCharsets.US_ASCII).length).isLessThan(4096));
        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo("alice");
        assertThat(json(me).getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString)).isEqualTo(MANY_GROUPS);

        HttpResponse<String> refreshed = refresh(browser);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(setCookies(refreshed)).hasSize(3).allSatisfy(cookie -> assertThat(cookie).doesNotContain("Max-Age"));
        assertThat(browser.getJson(SERVICE.url("/api/me")).statusCode()).isEqualTo(200);
    }

    @Test
    void staleChunksOfABiggerEarlierSessionAreClearedWhenASmallerOneIsWritten() {
        Browser browser = new Browser();
        signIn(browser, "alice", BIG_CLAIMS);
        assertThat(sessionCookies(browser)).containsOnlyKeys("portcullis", "portcullis.1", "portcullis.2");

        HttpResponse<String> smaller = signIn(browser, "alice", "{\"groups\":[\"staff\"]}");

        assertThat(setCookie(smaller, "portcullis.1")).contains("portcullis.1=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(setCookie(smaller, "portcullis.2")).contains("portcullis.2=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(sessionCookies(browser)).containsOnlyKeys("portcullis");
        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getJsonArray("groups").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("staff");
    }

    // ---- cookies planted before sign-in ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"the attacker's own session", "junk"})
    void aSessionCookiePlantedBeforeSignInIsReplacedByTheSignedInUsersSession(String planted) {
        Browser victim = new Browser();
        Map<String, String> plantedCookies = planted.equals("junk")
                ? Map.of("portcullis", "junk", "portcullis.1", "more-junk", "portcullis.3", "junk")
                : sessionOf("mallory", BIG_CLAIMS);
        plantedCookies.forEach(victim::setCookie);

        HttpResponse<String> callback = signIn(victim, "alice", "{}");

        assertThat(setCookie(callback, "portcullis")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Max-Age"));
        plantedCookies.keySet().stream().filter(name -> !name.equals("portcullis")).forEach(name ->
                assertThat(setCookie(callback, name)).contains(name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"));
        assertThat(sessionCookies(victim)).containsOnlyKeys("portcullis");
        assertThat(victim.cookies().get("portcullis")).isNotEqualTo(plantedCookies.get("portcullis"));
        HttpResponse<String> me = victim.getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo("alice");
    }

    // ---- cross-site requests -----------------------------------------------------------------------------------

    static Stream<Arguments> crossSiteRequests() {
        // a cross-site logout with a foreign Origin is SignInFlowTest's crossSiteLogoutPostHasNoEffect
        return Stream.of(
                Arguments.of("/auth/logout", "Origin", "null"),
                Arguments.of("/auth/logout", "Sec-Fetch-Site", "cross-site"),
                Arguments.of("/auth/logout", "Sec-Fetch-Site", "same-site"),
                Arguments.of("/auth/refresh", "Origin", "https://evil.example"),
                Arguments.of("/auth/refresh", "Origin", "null"),
                Arguments.of("/auth/refresh", "Sec-Fetch-Site", "cross-site"),
                Arguments.of("/auth/refresh", "Sec-Fetch-Site", "same-site"));
    }

    @ParameterizedTest
    @MethodSource("crossSiteRequests")
    void aCrossSitePostToLogoutOrRefreshHasNoEffect(String path, String header, String value) {
        Browser browser = new Browser();
        signIn(browser, "alice", "{}");
        Map<String, String> before = browser.cookies();
        PROVIDER.clearRequests();
        PROXY.clearExchanges();

        HttpResponse<String> forged = browser.send(Browser.request(SERVICE.url(path))
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString("")));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).isEqualTo("Cross-site request refused.");
        assertClean(forged);
        assertThat(setCookies(forged)).isEmpty();
        assertThat(PROVIDER.requests()).as("no token request, no revocation").isEmpty();
        assertThat(browser.cookies()).isEqualTo(before);
        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo("alice");
    }

    /**
     * A GET signs out only with the browser's word that a page of this origin sent it. Without it: another site's
     * link in a browser without Fetch Metadata, or a link in a mail client, which the browser marks {@code none} like
     * an address typed by the user.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", "none", "(no Sec-Fetch-Site)"})
    void aLogoutLinkWithoutEvidenceThatThisSiteSentItOnlyAsksToConfirm(String site) {
        Browser browser = new Browser();
        signIn(browser, "alice", "{}");
        PROVIDER.clearRequests();
        HttpRequest.Builder link = Browser.request(SERVICE.url("/auth/logout")).header("Accept", "text/html");
        if (!site.startsWith("(")) {
            link.header("Sec-Fetch-Site", site);
        }

        HttpResponse<String> page = browser.send(link.GET());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign out?", "<form method=\"post\" action=\"" + SERVICE.baseUrl() + "/auth/logout\">");
        assertClean(page);
        assertThat(setCookies(page)).isEmpty();
        assertThat(PROVIDER.requests()).isEmpty();
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(browser.getJson(SERVICE.url("/api/me")).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "(no Accept)"})
    void aScriptsLogoutGetIsRefusedWithAnAnswerThatSaysToPost(String accept) {
        Browser browser = new Browser();
        signIn(browser, "alice", "{}");
        PROVIDER.clearRequests();
        HttpRequest.Builder get = Browser.request(SERVICE.url("/auth/logout"));
        if (!accept.startsWith("(")) {
            get.header("Accept", accept);
        }

        HttpResponse<String> refused = browser.send(get.GET());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(refused.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"Sign out with POST; "
                + "a GET signs out only when the browser says a page of this site sent it (Sec-Fetch-Site: same-origin).\"}");
        assertThat(refused.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(setCookies(refused)).isEmpty();
        assertThat(PROVIDER.requests()).isEmpty();
        assertThat(browser.getJson(SERVICE.url("/api/me")).statusCode()).isEqualTo(200);
    }

    // ---- invalid_grant: the session ends cleanly ---------------------------------------------------------------

    @Test
    void aRefusedRefreshAfterTheAccessTokenExpiredAnswersAScript401AndClearsEveryChunk() {
        Browser browser = withCookies(revokedSessionWithExpiredAccessToken());

        HttpResponse<String> refresh = refresh(browser);

        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.body()).isEqualTo("{\"error\":\"session_ended\",\"message\":\"Your session has ended. Please sign in again.\"}");
        assertThat(refresh.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(refresh.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertClearsEveryChunk(refresh);
        assertThat(browser.cookies()).isEmpty();
        assertThat(PROXY.outcomes()).containsExactly(Outcome.REFUSED_REVOKED);
        assertClean(refresh);
    }

    @Test
    void aRefusedRefreshAfterTheAccessTokenExpiredShowsABrowserASignedOutPageAndClearsEveryChunk() {
        Browser browser = withCookies(revokedSessionWithExpiredAccessToken());

        HttpResponse<String> refresh = browser.submit(SERVICE.url("/auth/refresh"), Map.of(), ORIGIN);

        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(refresh.body()).contains("<h1>Signed out</h1>", "Your session has ended. Please sign in again.",
                "href=\"" + SERVICE.baseUrl() + "/\"");
        assertClearsEveryChunk(refresh);
        assertThat(browser.cookies()).isEmpty();
        assertClean(refresh);
    }

    @Test
    void aRefusedGuardRefreshAfterTheAccessTokenExpiredAnswersAnApiCaller401AndClearsEveryChunk() {
        Browser browser = withCookies(revokedSessionWithExpiredAccessToken());

        HttpResponse<String> me = browser.getJson(SERVICE.url("/api/me"));

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(me.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertClearsEveryChunk(me);
        assertThat(browser.cookies()).isEmpty();
        assertThat(PROXY.outcomes()).containsExactly(Outcome.REFUSED_REVOKED);
        assertClean(me);
    }

    @Test
    void aRefusedGuardRefreshAfterTheAccessTokenExpiredSendsABrowserToSignInAndClearsEveryChunk() {
        Browser browser = withCookies(revokedSessionWithExpiredAccessToken());

        HttpResponse<String> page = browser.get(SERVICE.url("/api/me"));

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(location(page)).isEqualTo(SERVICE.url("/auth/login?return_to=%2Fapi%2Fme"));
        assertClearsEveryChunk(page);
        assertThat(browser.cookies()).isEmpty();
        assertClean(page);
    }

    @Test
    void refreshWithoutASessionIs401AndClearsTheSessionCookie() {
        HttpResponse<String> refresh = refresh(new Browser());

        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(json(refresh).getString("error")).isEqualTo("session_ended");
        assertThat(setCookies(refresh)).containsExactly("portcullis=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(PROVIDER.tokenRequests()).isEmpty();
    }

    @Test
    void refreshForAnApiCallerWithAnUnknownRefreshTokenIs401() {
        HttpResponse<String> refresh = new Browser().send(Browser.request(SERVICE.url("/auth/refresh"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("provider=oidc&refresh_token=not-a-token")));

        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(json(refresh).getString("error")).isEqualTo("session_ended");
        assertThat(refresh.body()).doesNotContain("not-a-token");
        assertThat(setCookies(refresh)).isEmpty();
        assertThat(PROXY.outcomes()).containsExactly(Outcome.UNKNOWN);
        assertClean(refresh);
    }

    // ---- two refreshes of one session at once ------------------------------------------------------------------

    @Test
    void twoConcurrentRefreshesWithinTheProvidersOverlapPeriodBothSucceedAndEitherAnswerKeepsTheUserSignedIn() {
        PROXY.overlapPeriod(Duration.ofMinutes(5));
        Map<String, String> session = sessionOf("alice", "{}");
        PROXY.clearExchanges();

        List<HttpResponse<String>> answers = concurrently(() -> refresh(withCookies(session)), () -> refresh(withCookies(session)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(setCookie(answer, "portcullis")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Max-Age"));
            assertClean(answer);
        });
        assertThat(PROXY.outcomes()).containsExactlyInAnyOrder(Outcome.ROTATED, Outcome.REUSED_WITHIN_OVERLAP);
        for (List<HttpResponse<String>> arrival : List.of(answers, answers.reversed())) {
            Browser browser = withCookies(session);
            arrival.forEach(browser::receive);
            assertSignedInAs(browser, "alice");
            PROXY.clearExchanges();
            assertThat(refresh(browser).statusCode()).as("the kept refresh token still works").isEqualTo(200);
            assertThat(PROXY.outcomes()).containsExactly(Outcome.ROTATED);
        }
    }

    @Test
    void twoConcurrentRefreshesWithoutAnOverlapPeriodLeaveTheWinnersSessionWhateverOrderTheAnswersArriveIn() {
        Map<String, String> session = sessionOf("alice", "{}");
        PROXY.clearExchanges();

        List<HttpResponse<String>> answers = concurrently(() -> refresh(withCookies(session)), () -> refresh(withCookies(session)));

        HttpResponse<String> winner = answers.stream().filter(a -> a.statusCode() == 200).findFirst().orElseThrow();
        HttpResponse<String> loser = answers.stream().filter(a -> a != winner).findFirst().orElseThrow();
        assertThat(PROXY.outcomes()).containsExactlyInAnyOrder(Outcome.ROTATED, Outcome.REUSE_DETECTED);
        assertThat(setCookie(winner, "portcullis")).isPresent();
        assertThat(loser.statusCode()).as(loser.body()).isEqualTo(409);
        JsonObject conflict = json(loser);
        assertThat(conflict.keySet()).containsExactlyInAnyOrder("error", "message", "provider", "expires_at");
        assertThat(conflict.getString("error")).isEqualTo("refresh_conflict");
        assertThat(conflict.getString("provider")).isEqualTo("oidc");
        assertThat(Instant.parse(conflict.getString("expires_at"))).isAfter(Instant.now());
        assertThat(setCookies(loser)).as("the loser must not clear the winner's new cookie").isEmpty();
        answers.forEach(SessionAttackTest::assertClean);
        Browser winnerOnly = new Browser();
        winnerOnly.receive(winner);
        String winnersCookie = winnerOnly.cookies().get("portcullis");
        for (List<HttpResponse<String>> arrival : List.of(answers, answers.reversed())) {
            Browser browser = withCookies(session);
            arrival.forEach(browser::receive);
            assertThat(browser.cookies().get("portcullis")).isEqualTo(winnersCookie);
            assertSignedInAs(browser, "alice");
        }
        // the provider's reuse detection revoked the winner's new refresh token too: no stateless client can prevent
        // that without an overlap period. The session lives on until its access token expires.
        Browser browser = withCookies(session);
        browser.receive(winner);
        PROXY.clearExchanges();
        assertThat(refresh(browser).statusCode()).isEqualTo(409);
        assertThat(PROXY.outcomes()).containsExactly(Outcome.REFUSED_REVOKED);
    }

    @Test
    void twoConcurrentGuardedCallsThatBothRefreshWithinTheOverlapPeriodBothSucceed() {
        PROXY.overlapPeriod(Duration.ofMinutes(5));
        Map<String, String> dueForRefresh = accessTokenExpiringIn(sessionOf("alice", "{}"), Duration.ofSeconds(30));
        PROXY.clearExchanges();

        List<HttpResponse<String>> answers = concurrently(() -> me(withCookies(dueForRefresh)), () -> me(withCookies(dueForRefresh)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).getString("sub")).isEqualTo("alice");
            assertThat(setCookie(answer, "portcullis")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Max-Age"));
        });
        assertThat(PROXY.outcomes()).containsExactlyInAnyOrder(Outcome.ROTATED, Outcome.REUSED_WITHIN_OVERLAP);
        for (List<HttpResponse<String>> arrival : List.of(answers, answers.reversed())) {
            Browser browser = withCookies(dueForRefresh);
            arrival.forEach(browser::receive);
            PROXY.clearExchanges();
            assertSignedInAs(browser, "alice");
            assertThat(PROXY.outcomes()).as("the new access token is not due for refresh").isEmpty();
            assertThat(refresh(browser).statusCode()).isEqualTo(200);
            assertThat(PROXY.outcomes()).containsExactly(Outcome.ROTATED);
        }
    }

    @Test
    void twoConcurrentGuardedCallsWithoutAnOverlapPeriodAreBothServedAndTheLoserLeavesTheCookiesAlone() {
        // due for refresh (within the guard's minute) yet valid for longer than any request here may take
        Map<String, String> dueForRefresh = accessTokenExpiringIn(sessionOf("alice", "{}"), Duration.ofSeconds(59));
        PROXY.clearExchanges();

        List<HttpResponse<String>> answers = concurrently(() -> me(withCookies(dueForRefresh)), () -> me(withCookies(dueForRefresh)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).getString("sub")).isEqualTo("alice");
        });
        assertThat(PROXY.outcomes()).containsExactlyInAnyOrder(Outcome.ROTATED, Outcome.REUSE_DETECTED);
        assertThat(answers).filteredOn(answer -> setCookie(answer, "portcullis").isPresent()).hasSize(1);
        assertThat(answers.stream().flatMap(answer -> setCookies(answer).stream())).noneMatch(c -> c.contains("Max-Age=0"));
        for (List<HttpResponse<String>> arrival : List.of(answers, answers.reversed())) {
            Browser browser = withCookies(dueForRefresh);
            arrival.forEach(browser::receive);
            assertThat(browser.cookies().get("portcullis")).isNotEqualTo(dueForRefresh.get("portcullis"));
            PROXY.clearExchanges();
            assertSignedInAs(browser, "alice");
            assertThat(PROXY.outcomes()).as("the winner's access token is new").isEmpty();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static HttpResponse<String> signIn(Browser browser, String user, String claims) {
        HttpResponse<String> done = SignIn.complete(browser, SERVICE.url("/auth/login"), user, claims);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        remember(done);
        return done;
    }

    /** A fresh sign-in's session cookies. */
    private static Map<String, String> sessionOf(String user, String claims) {
        Browser browser = new Browser();
        signIn(browser, user, claims);
        return sessionCookies(browser);
    }

    private static Map<String, String> sessionCookies(Browser browser) {
        Map<String, String> session = new TreeMap<>(browser.cookies());
        session.keySet().removeIf(name -> !name.equals("portcullis") && !name.startsWith("portcullis."));
        return session;
    }

    private static Browser withCookies(Map<String, String> cookies) {
        Browser browser = new Browser();
        cookies.forEach(browser::setCookie);
        return browser;
    }

    private static HttpResponse<String> me(Browser browser) {
        HttpResponse<String> answer = browser.getJson(SERVICE.url("/api/me"));
        remember(answer);
        assertClean(answer);
        return answer;
    }

    private static HttpResponse<String> refresh(Browser browser) {
        HttpResponse<String> answer = browser.postAsScript(SERVICE.url("/auth/refresh"), ORIGIN);
        remember(answer);
        return answer;
    }

    /** A three-chunk session whose refresh token was revoked (by signing out) and whose access token has expired. */
    private static Map<String, String> revokedSessionWithExpiredAccessToken() {
        Browser browser = new Browser();
        signIn(browser, "alice", BIG_CLAIMS);
        Map<String, String> copy = sessionCookies(browser);
        assertThat(browser.submit(SERVICE.url("/auth/logout"), Map.of(), ORIGIN).statusCode()).isEqualTo(303);
        assertThat(PROXY.outcomes()).contains(Outcome.REVOKED);
        PROXY.clearExchanges();
        Map<String, String> expired = SealedSessions.reseal(copy, "oidc", ORIGIN, SERVICE.sessionSecret(),
                session -> SealedSessions.withAccessTokenExpiry(session, Instant.now().minusSeconds(5)));
        assertThat(expired).containsOnlyKeys("portcullis", "portcullis.1", "portcullis.2");
        COOKIE_VALUES.addAll(expired.values());
        return expired;
    }

    private static Map<String, String> accessTokenExpiringIn(Map<String, String> session, Duration left) {
        Map<String, String> due = SealedSessions.reseal(session, "oidc", ORIGIN, SERVICE.sessionSecret(),
                s -> SealedSessions.withAccessTokenExpiry(s, Instant.now().plus(left)));
        COOKIE_VALUES.addAll(due.values());
        return due;
    }

    private static void assertSignedInAs(Browser browser, String user) {
        HttpResponse<String> me = me(browser);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).getString("sub")).isEqualTo(user);
    }

    private static void assertClearsEveryChunk(HttpResponse<String> answer) {
        assertThat(setCookies(answer)).containsExactlyInAnyOrder(
                "portcullis=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
                "portcullis.1=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
                "portcullis.2=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    /**
     * The cookies get exactly the answers no cookie gets, at a guarded API, a guarded page, a public page and the
     * refresh endpoint: status, every header but {@code Date}, body. The refresh endpoint also deletes the extra chunk
     * cookies it was sent, which is no answer about the cookies' content.
     */
    private static void assertSameAsNoCookie(Map<String, String> cookies) {
        PROVIDER.clearRequests();
        assertSame(withCookies(cookies).getJson(SERVICE.url("/api/me")), new Browser().getJson(SERVICE.url("/api/me")), List.of());
        assertSame(withCookies(cookies).get(SERVICE.url("/api/me")), new Browser().get(SERVICE.url("/api/me")), List.of());
        assertSame(withCookies(cookies).get(SERVICE.url("/")), new Browser().get(SERVICE.url("/")), List.of());
        List<String> extraChunks = cookies.keySet().stream().filter(name -> name.startsWith("portcullis.")).sorted().toList();
        assertSame(refresh(withCookies(cookies)), refresh(new Browser()), extraChunks);
        assertThat(PROVIDER.tokenRequests()).as("no refresh was attempted").isEmpty();
    }

    private static void assertSame(HttpResponse<String> actual, HttpResponse<String> expected, List<String> deletedChunks) {
        assertThat(actual.statusCode()).isEqualTo(expected.statusCode()).isIn(200, 302, 401);
        assertThat(actual.body()).isEqualTo(expected.body());
        Map<String, List<String>> expectedHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        expectedHeaders.putAll(expected.headers().map());
        if (!deletedChunks.isEmpty()) {
            List<String> setCookies = new ArrayList<>(expectedHeaders.get("Set-Cookie"));
            deletedChunks.forEach(name -> setCookies.add(name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"));
            expectedHeaders.put("Set-Cookie", setCookies);
        }
        Map<String, List<String>> actualHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        actualHeaders.putAll(actual.headers().map());
        expectedHeaders.remove("Date");
        actualHeaders.remove("Date");
        assertThat(actualHeaders).isEqualTo(expectedHeaders);
        assertClean(actual);
    }

    /** No stack trace, and no token the provider issued, in an answer's body. */
    private static void assertClean(HttpResponse<String> answer) {
        assertThat(answer.body()).doesNotContain("Exception", "\tat ", EmbeddedProvider.CLIENT_SECRET);
        for (String token : PROXY.tokenValues()) {
            assertThat(answer.body()).doesNotContain(token);
        }
        for (String cookie : COOKIE_VALUES) {
            assertThat(answer.body()).doesNotContain(cookie);
        }
    }

    private static void remember(HttpResponse<String> answer) {
        setCookies(answer).stream()
                .map(cookie -> cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')))
                .filter(value -> value.length() > 20)
                .forEach(COOKIE_VALUES::add);
    }

    /** Both calls at once, each on its own thread; the answers in the order the calls were given. */
    @SafeVarargs
    private static List<HttpResponse<String>> concurrently(Callable<HttpResponse<String>>... calls) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (Callable<HttpResponse<String>> call : calls) {
                futures.add(executor.submit(call));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
