package dev.portcullis.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

/**
 * Reads and writes the encrypted, authenticated session cookie. A session that does not fit in one cookie
 * is split over {@code <name>}, {@code <name>.1}, ... and joined again on read; a missing or altered chunk
 * makes the whole session unreadable, which is the same as signed out.
 * <p>
 * Immutable and thread-safe.
 */
public final class SessionCookieCodec {

    /** Leaves room for the name and attributes inside the 4096 bytes browsers keep per cookie. */
    static final int CHUNK_LENGTH = 3800;
    /** Keeps the Cookie header under the 16 KB most proxies and API gateways accept. */
    static final int MAX_CHUNKS = 4;
    /**
     * When a request last used the session, in epoch seconds ({@link Session#lastUsedAt()}). A cookie sealed before this
     * claim existed has none: its sign-in, the one use it proves, counts as its last use, so an idle timeout turned on
     * later never keeps such a session past the timeout.
     */
    static final String LAST_USED = "lu";

    private final CookieCipher cipher;
    private final CookieNames names;
    private final boolean secure;
    private final Set<String> enabledProviders;
    private final Clock clock;

    SessionCookieCodec(CookieCipher cipher, CookieNames names, boolean secure, Set<String> enabledProviders, Clock clock) {
        this.cipher = cipher;
        this.names = names;
        this.secure = secure;
        this.enabledProviders = Set.copyOf(enabledProviders);
        this.clock = clock;
    }

    /**
     * The cookies that store a session, plus deletions of any chunk the browser holds that the new session
     * no longer needs.
     *
     * @param session        the session
     * @param presentCookies the names of the cookies the request carried
     * @return the {@code Set-Cookie} headers to send
     * @throws LoginFailedException with {@link Reason#SESSION_TOO_LARGE} when the tokens do not fit
     */
    public List<SetCookie> write(Session session, Set<String> presentCookies) {
        TokenSet tokens = session.tokens();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("prv", session.provider())
                .subject(session.identity().subject())
                .claim("at", tokens.accessToken())
                .claim("ate", tokens.accessTokenExpiresAt().getEpochSecond())
                .claim("tt", tokens.tokenType())
                .claim("grp", List.copyOf(session.identity().groups()))
                .claim(LAST_USED, session.lastUsedAt().getEpochSecond())
                .jwtID(session.id())
                .issueTime(Date.from(session.createdAt()))
                .expirationTime(Date.from(session.expiresAt()));
        tokens.idToken().ifPresent(idToken -> claims.claim("idt", idToken));
        tokens.refreshToken().ifPresent(refreshToken -> claims.claim("rt", refreshToken));
        String sealed = cipher.seal(claims.build());

        int count = (sealed.length() + CHUNK_LENGTH - 1) / CHUNK_LENGTH;
        if (count > MAX_CHUNKS) {
            throw new LoginFailedException(Reason.SESSION_TOO_LARGE, session.provider(),
                    "the provider's tokens need " + count + " cookies; at most " + MAX_CHUNKS + " are allowed");
        }
        List<SetCookie> cookies = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            String chunk = sealed.substring(i * CHUNK_LENGTH, Math.min(sealed.length(), (i + 1) * CHUNK_LENGTH));
            cookies.add(new SetCookie(names.sessionChunk(i), chunk, Optional.empty(), secure));
        }
        for (String present : presentCookies) {
            if (names.isSessionChunk(present) && chunkIndex(present) >= count) {
                cookies.add(SetCookie.delete(present, secure));
            }
        }
        return cookies;
    }

    /**
     * The session the request's cookies hold.
     *
     * @param cookies the request's cookies by name
     * @return the session, or empty when there is none or it is unreadable, tampered with, of another key,
     *         incomplete, expired, or of a provider that is no longer enabled: every one of these is the same as
     *         signed out
     */
    public Optional<Session> read(Map<String, String> cookies) {
        String first = cookies.get(names.session());
        if (first == null || first.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sealed = new StringBuilder(first);
        for (int i = 1; i < MAX_CHUNKS; i++) {
            String chunk = cookies.get(names.sessionChunk(i));
            if (chunk == null) {
                break;
            }
            sealed.append(chunk);
        }
        return cipher.open(sealed.toString()).flatMap(this::toSession);
    }

    /**
     * The failure for an endpoint that needs a session when the request has none (or none that
     * {@link #read(Map)} accepts).
     *
     * @return the exception to throw
     */
    public SessionEndedException noSession() {
        return new SessionEndedException(Reason.SESSION_INVALID, null, "no valid session cookie", null);
    }

    /**
     * Deletes the session: every session chunk the browser holds, and the first one in any case.
     *
     * @param presentCookies the names of the cookies the request carried
     * @return the {@code Set-Cookie} headers to send
     */
    public List<SetCookie> clear(Set<String> presentCookies) {
        List<SetCookie> cookies = new ArrayList<>();
        cookies.add(SetCookie.delete(names.session(), secure));
        presentCookies.stream()
                .filter(names::isSessionChunk)
                .filter(name -> !name.equals(names.session()))
                .sorted()
                .forEach(name -> cookies.add(SetCookie.delete(name, secure)));
        return cookies;
    }

    private Optional<Session> toSession(JWTClaimsSet claims) {
        try {
            Date exp = claims.getExpirationTime();
            Date iat = claims.getIssueTime();
            String provider = claims.getStringClaim("prv");
            String subject = claims.getSubject();
            String accessToken = claims.getStringClaim("at");
            Long accessExpiry = claims.getLongClaim("ate");
            Long lastUsed = claims.getLongClaim(LAST_USED);
            String idToken = claims.getStringClaim("idt");
            if (exp == null || iat == null || provider == null || subject == null || accessToken == null
                    || accessExpiry == null || idToken == null || !enabledProviders.contains(provider)) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (!exp.toInstant().isAfter(now)) {
                return Optional.empty();
            }
            Instant accessTokenExpiresAt = Instant.ofEpochSecond(accessExpiry);
            TokenSet tokens = new TokenSet(accessToken, Optional.of(idToken),
                    Optional.ofNullable(claims.getStringClaim("rt")), accessTokenExpiresAt,
                    Optional.ofNullable(claims.getStringClaim("tt")).orElse("Bearer"));
            List<String> groups = Optional.ofNullable(claims.getStringListClaim("grp")).orElse(List.of());
            // the ID token was validated at sign-in or refresh, and this cookie is authenticated: its claims are
            // read, not verified again
            Map<String, Object> idClaims = JWTParser.parse(idToken).getJWTClaimsSet().getClaims();
            Identity identity = new Identity(provider, subject, new LinkedHashSet<>(groups), idClaims, idToken,
                    accessTokenExpiresAt, Identity.Source.SESSION);
            Instant lastUsedAt = lastUsed == null ? iat.toInstant() : Instant.ofEpochSecond(lastUsed);
            // a cookie sealed before sessions had ids: one made of what it holds, the same on every instance
            String id = claims.getJWTID() != null ? claims.getJWTID() : legacyId(provider, subject, iat.toInstant());
            return Optional.of(new Session(provider, tokens, identity, iat.toInstant(), exp.toInstant(), lastUsedAt, id));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String legacyId(String provider, String subject, Instant createdAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((provider + "\n" + subject + "\n"
                    + createdAt.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static int chunkIndex(String name) {
        int dot = name.lastIndexOf('.');
        // the base name has no dot; chunks are <base>.<index>
        return dot < 0 ? 0 : parseIndex(name.substring(dot + 1));
    }

    private static int parseIndex(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
