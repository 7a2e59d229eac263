package dev.portcullis.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.nimbusds.jose.jwk.JWK;

/**
 * Bearer tokens verified recently, keyed by the token itself, so that a caller presenting the same token again is
 * not parsed and verified again (an RSA verification and a JSON parse each time). Bounded and thread-safe.
 * <p>
 * An entry never outlives its token or its key: it is served only before the token's {@code exp} (never within the
 * clock skew after it, which verification would still allow: such a token is verified again), and only while the
 * signing key that verified it is still among the provider's keys, which the caller checks against the provider's
 * current key set on every hit. Only successful verifications are kept; a refusal is never cached.
 */
final class VerifiedTokens {

    /** The default bound: a few megabytes of tokens and claims at most. */
    static final int DEFAULT_MAX_ENTRIES = 1024;

    /**
     * One verified token.
     *
     * @param identity the caller it proved
     * @param provider the provider whose key verified it
     * @param issuer   the token's {@code iss}: which of the provider's key sets holds the key
     * @param key      the public key that verified it
     */
    record Entry(Identity identity, ProviderClient provider, String issuer, JWK key) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Clock clock;

    VerifiedTokens(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * The entry of a token verified before, when the token has not expired and its key is still published.
     *
     * @param token          the token as presented
     * @param keyIsPublished whether the provider still publishes a key; asked with the entry's key
     * @return the entry, or empty when the token must be verified (again)
     */
    Optional<Entry> find(String token, Predicate<Entry> keyIsPublished) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.identity().expiresAt()) || !keyIsPublished.test(entry)) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /**
     * Keeps a verified token until its {@code exp}.
     *
     * @param entry the verification's result; its identity's raw token is the key
     */
    void put(Entry entry) {
        Instant now = clock.instant();
        if (!now.isBefore(entry.identity().expiresAt())) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !now.isBefore(e.identity().expiresAt()));
            if (entries.size() >= maxEntries) {
                // more live callers than the bound: start over rather than track recency on every hit; the cost
                // is one verification per caller, the bound holds (give or take the threads putting at this moment)
                entries.clear();
            }
        }
        entries.put(entry.identity().rawToken(), entry);
    }

    /** Forgets every entry. */
    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
