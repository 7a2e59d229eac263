package dev.portcullis.auth;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

/**
 * One provider's signing keys, as published at its {@code jwks_uri}, and whether they have been fetched at least once
 * (a provider is ready only then). Thread-safe.
 * <p>
 * An instance is never reset: after a snapshot restore it is {@linkplain #renewed() replaced} by one with an empty
 * cache. A fetch still running on the dropped instance then marks only that one as fetched, never its successor.
 */
final class SigningKeys {

    private static final JWKSelector ALL_KEYS = new JWKSelector(new JWKMatcher.Builder().build());

    private final String provider;
    private final Supplier<JWKSource<SecurityContext>> newSource;
    private final JWKSource<SecurityContext> source;
    private final Clock clock;
    private final Duration retryInterval;
    private volatile boolean fetched;
    private volatile Instant lastFailure;

    private SigningKeys(String provider, Supplier<JWKSource<SecurityContext>> newSource, Clock clock, Duration retryInterval,
                        Instant lastFailure) {
        this.provider = provider;
        this.newSource = newSource;
        this.source = newSource.get();
        this.clock = clock;
        this.retryInterval = retryInterval;
        this.lastFailure = lastFailure;
    }

    /**
     * The keys at a provider's {@code jwks_uri}; nothing is fetched yet.
     *
     * @throws ProviderUnavailableException when the discovered {@code jwks_uri} is not a URL
     */
    static SigningKeys publishedAt(URI jwksUri, String provider, JdkHttpSender http, AuthSettings settings, Clock clock,
                                   AuthListener listener) {
        URL url;
        try {
            url = jwksUri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, provider, "jwks_uri is not a URL", null);
        }
        // every fetch the source makes (first use, expiry, unknown kid, retry) goes through here, so each is reported once
        ResourceRetriever reported = jwksUrl -> {
            boolean success = false;
            try {
                Resource resource = http.retrieveResource(jwksUrl);
                success = true;
                return resource;
            } finally {
                listener.jwksFetched(provider, success);
            }
        };
        return new SigningKeys(provider, () -> source(url, reported, settings.httpTimeout()), clock,
                settings.discoveryRetryInterval(), null);
    }

    /**
     * Nimbus's JWKS source: cached, read again at most twice per rate-limit interval when a token names an unknown
     * {@code kid} (key rotation), retried once on a network error, and served from the last good copy for a day while
     * the JWKS endpoint is down.
     */
    private static JWKSource<SecurityContext> source(URL url, ResourceRetriever retriever, Duration httpTimeout) {
        return JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(Duration.ofMinutes(15).toMillis(), httpTimeout.toMillis() * 2)
                .refreshAheadCache(false)
                .rateLimited(Duration.ofSeconds(30).toMillis())
                .retrying(true)
                .outageTolerant(Duration.ofHours(24).toMillis())
                .build();
    }

    /** The keys for the token verifier. */
    JWKSource<SecurityContext> source() {
        return source;
    }

    /**
     * The same provider's keys with nothing cached, read anew on next use (a snapshot's copy may be days old). The last
     * failed fetch is kept, so a provider that was failing is still asked at most once per retry interval.
     */
    SigningKeys renewed() {
        return new SigningKeys(provider, newSource, clock, retryInterval, lastFailure);
    }

    /**
     * Whether the keys have been fetched at least once; when not, they are fetched now, unless the last attempt failed
     * less than a retry interval ago.
     */
    boolean ready() {
        if (fetched) {
            return true;
        }
        Instant now = clock.instant();
        Instant failed = lastFailure;
        if (failed != null && now.isBefore(failed.plus(retryInterval))) {
            return false;
        }
        try {
            fetch();
            return true;
        } catch (ProviderUnavailableException e) {
            lastFailure = now;
            return false;
        }
    }

    /**
     * Reads the keys (from the source's cache when it holds them); an empty key set counts as none.
     *
     * @throws ProviderUnavailableException when there are none, or they cannot be fetched
     */
    void fetch() {
        try {
            if (source.get(ALL_KEYS, null).isEmpty()) {
                throw new ProviderUnavailableException(Reason.PROVIDER_BAD_RESPONSE, provider, "the provider publishes no signing keys", null);
            }
        } catch (KeySourceException e) {
            throw new ProviderUnavailableException(Reason.PROVIDER_DOWN, provider, "provider keys are unavailable", e);
        }
        fetched = true;
        lastFailure = null;
    }

    /**
     * Whether the key set, as cached (and read again when the cache expires), still holds a key. A key that is not
     * there is not looked for again here: verifying the token anew does that.
     */
    boolean publishes(JWK key) {
        try {
            return source.get(ALL_KEYS, null).contains(key);
        } catch (KeySourceException e) {
            return false;
        }
    }
}
