package dev.portcullis.helidon;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.portcullis.auth.AuthConfigurationException;
import dev.portcullis.auth.AuthException;
import dev.portcullis.auth.AuthListener;
import dev.portcullis.auth.Identity;
import dev.portcullis.auth.ProviderUnavailableException;
import dev.portcullis.auth.Reason;
import dev.portcullis.auth.Session;
import dev.portcullis.auth.TokenRejectedException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Where every sign-in, refresh, logout and refusal is recorded, once: one log line (logger
 * {@code dev.portcullis.auth.events}) with the provider, the subject and the reason, and one count in MicroProfile
 * Metrics where it runs (the Helidon server; on Lambda the log line is the record). Never a token, code, cookie value
 * or secret. Values that come from outside (a subject, a path) are stripped of control characters, so a crafted value
 * cannot forge extra log lines.
 * <p>
 * It is also the auth module's {@link AuthListener}: JWKS fetches are counted and token validations timed (both where
 * MicroProfile Metrics runs).
 * <p>
 * Metric tags only ever hold an enabled provider's name (or {@code unknown}), a {@link Reason} in lower case, or one of
 * a few fixed words, so no request can add series.
 */
@ApplicationScoped
public class AuthEvents implements AuthListener {

    private static final System.Logger LOG = System.getLogger("dev.portcullis.auth.events");
    private static final int MAX_VALUE_LENGTH = 128;

    private static final Metadata LOGINS_STARTED = metadata("portcullis.logins.started", "Sign-ins sent to a provider");
    private static final Metadata LOGINS_COMPLETED = metadata("portcullis.logins.completed", "Sign-ins that created a session");
    private static final Metadata LOGINS_FAILED = metadata("portcullis.logins.failed", "Sign-ins that failed, by reason");
    private static final Metadata REFRESHES = metadata("portcullis.refreshes",
            "Token refreshes, by outcome: refreshed, postponed (the access token was still valid), ended (the session ended), failed");
    private static final Metadata LOGOUTS = metadata("portcullis.logouts", "Sign-outs; provider none when the request had no session");
    private static final Metadata BEARER_ACCEPTED = metadata("portcullis.bearer.accepted", "Bearer tokens accepted");
    private static final Metadata BEARER_REFUSED = metadata("portcullis.bearer.refused", "Bearer tokens refused, by reason");
    private static final Metadata TOKEN_VALIDATIONS = metadata("portcullis.token.validations",
            "Token validations against a provider's keys and rules, by token kind and outcome");
    private static final Metadata JWKS_FETCHES = metadata("portcullis.jwks.fetches", "Fetches of a provider's JWK set, by outcome");

    /** The provider tag when no provider is known (a foreign token, a callback without login state). */
    private static final String UNKNOWN = "unknown";

    /** The application's registry; {@code null} where no MicroProfile Metrics runs (the Lambda deployment). */
    private final MetricRegistry metrics;
    /**
     * The accepted-bearer counter of each provider, looked up in the registry once: it is counted on every bearer
     * request. Providers are configured, so this stays as small as the configuration.
     */
    private final Map<String, Counter> bearerAccepted = new ConcurrentHashMap<>();

    /**
     * For CDI.
     *
     * @param registries the application's metric registry, when MicroProfile Metrics runs: the Lambda zip leaves it out,
     *                   because Lambda serves no {@code /metrics} and its counters would be read by no one
     */
    @Inject
    public AuthEvents(Instance<MetricRegistry> registries) {
        this.metrics = registries.isResolvable() ? registries.get() : null;
    }

    /**
     * For CDI proxies.
     */
    protected AuthEvents() {
        this.metrics = null;
    }

    /**
     * A login was started.
     *
     * @param provider the provider
     */
    public void loginStarted(String provider) {
        LOG.log(Level.INFO, "login started: provider={0}", clean(provider));
        count(LOGINS_STARTED, provider(provider));
    }

    /**
     * A login completed and a session was created.
     *
     * @param session the new session
     */
    public void loginCompleted(Session session) {
        LOG.log(Level.INFO, "login completed: provider={0} sub={1}", clean(session.provider()), clean(session.identity().subject()));
        count(LOGINS_COMPLETED, provider(session.provider()));
    }

    /**
     * A login failed, when it was started or at the callback.
     *
     * @param failure why
     */
    public void loginFailed(AuthException failure) {
        failure("login failed", null, failure);
        count(LOGINS_FAILED, provider(failure), reason(failure.reason()));
    }

    /**
     * A session's tokens were refreshed.
     *
     * @param session   the refreshed session
     * @param proactive whether the guard refreshed before a request rather than on {@code /auth/refresh}
     */
    public void refreshed(Session session, boolean proactive) {
        LOG.log(Level.INFO, "session refreshed: provider={0} sub={1} trigger={2}", clean(session.provider()),
                clean(session.identity().subject()), proactive ? "guard" : "endpoint");
        count(REFRESHES, provider(session.provider()), outcome("refreshed"), reason(null));
    }

    /**
     * An API caller refreshed its own tokens on {@code /auth/refresh}. Who they belong to is the provider's to know.
     *
     * @param provider the provider
     */
    public void tokensRefreshed(String provider) {
        LOG.log(Level.INFO, "session refreshed: provider={0} sub=- trigger=api", clean(provider));
        count(REFRESHES, provider(provider), outcome("refreshed"), reason(null));
    }

    /**
     * A refresh failed but the session's access token is still valid, so the session goes on.
     *
     * @param session the session
     * @param failure why the refresh failed
     */
    public void refreshPostponed(Session session, AuthException failure) {
        // a refused refresh token is routine (the other of two concurrent refreshes won); a provider outage is not
        Level level = failure instanceof ProviderUnavailableException ? Level.WARNING : Level.INFO;
        LOG.log(level, "session refresh failed, access token still valid: provider={0} sub={1} reason={2}",
                clean(session.provider()), clean(session.identity().subject()), failure.reason());
        count(REFRESHES, provider(session.provider()), outcome("postponed"), reason(failure.reason()));
    }

    /**
     * A session ended: its refresh was refused, or it can no longer be refreshed. Also an API caller's refresh token
     * that the provider refused.
     *
     * @param session the session, or null when the request had none
     * @param failure why
     */
    public void sessionEnded(Session session, AuthException failure) {
        String provider = session == null ? failure.provider().orElse(null) : session.provider();
        LOG.log(Level.INFO, "session ended: provider={0} sub={1} reason={2}", clean(provider),
                clean(session == null ? null : session.identity().subject()), failure.reason());
        count(REFRESHES, provider(provider), outcome("ended"), reason(failure.reason()));
    }

    /**
     * A refresh failed for a reason that does not end the session (the provider is down, the request is bad).
     *
     * @param session the session, or null when the request had none
     * @param failure why
     */
    public void refreshFailed(Session session, AuthException failure) {
        failure("session refresh failed", session, failure);
        count(REFRESHES, session == null ? provider(failure) : provider(session.provider()), outcome("failed"),
                reason(failure.reason()));
    }

    /**
     * A user signed out.
     *
     * @param session the session that ended, or null when the request had none
     */
    public void loggedOut(Session session) {
        if (session == null) {
            LOG.log(Level.INFO, "logout: no session");
            count(LOGOUTS, new Tag("provider", "none"));
        } else {
            LOG.log(Level.INFO, "logout: provider={0} sub={1}", clean(session.provider()), clean(session.identity().subject()));
            count(LOGOUTS, provider(session.provider()));
        }
    }

    /**
     * A provider's back-channel logout: accepted (the sessions it names ended), or refused.
     *
     * @param failure why it was refused, or null when accepted
     */
    public void backChannelLogout(AuthException failure) {
        if (failure == null) {
            LOG.log(Level.INFO, "back-channel logout: accepted");
        } else {
            failure("back-channel logout refused", null, failure);
        }
    }

    /**
     * A bearer token was accepted.
     *
     * @param identity the caller
     */
    public void bearerAccepted(Identity identity) {
        // on every bearer request: the cleaned values only when the line is written
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "bearer accepted: provider={0} sub={1}", clean(identity.provider()), clean(identity.subject()));
        }
        if (metrics != null) {
            bearerAccepted.computeIfAbsent(identity.provider() == null ? UNKNOWN : identity.provider(),
                    provider -> metrics.counter(BEARER_ACCEPTED, provider(provider))).inc();
        }
    }

    /**
     * A bearer token was refused, or could not be verified because its provider's keys cannot be read.
     *
     * @param failure why
     */
    public void bearerRefused(AuthException failure) {
        failure(failure instanceof TokenRejectedException ? "bearer refused" : "bearer not verifiable", null, failure);
        count(BEARER_REFUSED, provider(failure), reason(failure.reason()));
    }

    /**
     * An {@code Authorization} header that is not one {@code Bearer} token was refused.
     */
    public void bearerMalformed() {
        LOG.log(Level.INFO, "bearer refused: provider=- sub=- reason=MALFORMED_HEADER claim=-");
        count(BEARER_REFUSED, new Tag("provider", UNKNOWN), new Tag("reason", "malformed_header"));
    }

    /**
     * A request was refused for a failure that no more specific event describes.
     *
     * @param answer  the kind of answer sent, for example {@code login_failed}
     * @param failure why
     */
    public void refused(String answer, AuthException failure) {
        failure(answer, null, failure);
    }

    /** The claim a rejected token failed on, also when the rejection ended a sign-in or a session (it is the cause). */
    private static String claim(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TokenRejectedException rejected) {
                return rejected.claim().orElse("-");
            }
        }
        return "-";
    }

    /**
     * A state-changing request from another site was refused.
     *
     * @param path what it asked for
     */
    public void crossSiteRefused(String path) {
        LOG.log(Level.INFO, "cross-site request refused: {0}", clean(path));
    }

    @Override
    public void jwksFetched(String provider, boolean success) {
        LOG.log(success ? Level.DEBUG : Level.WARNING, "jwks fetched: provider={0} success={1}", clean(provider), success);
        count(JWKS_FETCHES, provider(provider), outcome(success ? "success" : "failure"));
    }

    @Override
    public void tokenValidated(String provider, TokenKind kind, Optional<Reason> rejection, Duration duration) {
        if (metrics == null) {
            return;
        }
        metrics.timer(TOKEN_VALIDATIONS, provider(provider),
                new Tag("token", kind == TokenKind.ID_TOKEN ? "id" : "access"),
                outcome(rejection.map(AuthEvents::tagValue).orElse("valid"))).update(duration);
    }

    /** One line for a failure: the provider, the subject when a session is known, the reason and the failing claim. */
    private static void failure(String what, Session session, AuthException failure) {
        if (failure instanceof AuthConfigurationException) {
            // names the key to fix; never holds a secret
            LOG.log(Level.ERROR, "{0}: {1}", what, failure.getMessage());
            return;
        }
        Level level = failure instanceof ProviderUnavailableException ? Level.WARNING : Level.INFO;
        String provider = session == null ? failure.provider().orElse(null) : session.provider();
        String subject = session == null ? null : session.identity().subject();
        LOG.log(level, "{0}: provider={1} sub={2} reason={3} claim={4}", what, clean(provider), clean(subject),
                failure.reason(), claim(failure));
    }

    private void count(Metadata metadata, Tag... tags) {
        if (metrics != null) {
            metrics.counter(metadata, tags).inc();
        }
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    private static Tag provider(String provider) {
        return new Tag("provider", provider == null ? UNKNOWN : provider);
    }

    private static Tag provider(AuthException failure) {
        return provider(failure.provider().orElse(null));
    }

    private static Tag reason(Reason reason) {
        return new Tag("reason", reason == null ? "none" : tagValue(reason));
    }

    private static Tag outcome(String outcome) {
        return new Tag("outcome", outcome);
    }

    private static String tagValue(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    /** A value from outside, made safe for one log line. */
    static String clean(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH));
        for (int i = 0; i < value.length() && out.length() < MAX_VALUE_LENGTH; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return value.length() > MAX_VALUE_LENGTH ? out + "..." : out.toString();
    }
}
