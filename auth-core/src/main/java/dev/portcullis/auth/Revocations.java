package dev.portcullis.auth;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.portcullis.auth.spi.RevocationStore;
import dev.portcullis.auth.spi.RevocationStoreFactory;
import dev.portcullis.auth.spi.RevocationStoreUnavailableException;

/**
 * Sessions ended on every instance: what logout and back-channel logout record in the revocation store
 * ({@code auth.revocation.store}), and the guard's look-up of it. A session is revoked when a record under its own id,
 * its provider session ({@code sid}) or its user ({@code sub} at its provider) was made after it began. Look-ups are
 * cached per instance for at most {@code auth.revocation.max-staleness}, so a busy instance reads the store at most that
 * often per session; a store that cannot be read is met by {@code auth.revocation.on-outage}: {@code allow} serves from
 * what this instance last knew (and logs that once a minute), {@code deny} refuses with 503. Thread-safe.
 */
final class Revocations {

    static final String STORE = "auth.revocation.store";
    static final String MAX_STALENESS = "auth.revocation.max-staleness";
    static final String ON_OUTAGE = "auth.revocation.on-outage";
    /** Above it the cache is emptied: a bound on memory, at the cost of one more read per session. */
    static final int MAX_CACHED = 100_000;
    private static final System.Logger LOG = System.getLogger(Revocations.class.getName());

    private record Known(Optional<Instant> revokedAt, Instant readAt) {
    }

    private final Optional<RevocationStore> store;
    private final String storeName;
    private final Duration maxStaleness;
    private final boolean denyOnOutage;
    private final Duration keepFor;
    private final Clock clock;
    private final Map<String, Known> cache = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastOutageLogged = new AtomicReference<>(Instant.EPOCH);

    private Revocations(Optional<RevocationStore> store, String storeName, Duration maxStaleness, boolean denyOnOutage,
                        Duration keepFor, Clock clock) {
        this.store = store;
        this.storeName = storeName;
        this.maxStaleness = maxStaleness;
        this.denyOnOutage = denyOnOutage;
        this.keepFor = keepFor;
        this.clock = clock;
    }

    /**
     * Reads the settings and makes the store.
     *
     * @throws AuthConfigurationException naming the key of a wrong setting, or a store no module provides
     */
    static Revocations create(ConfigValues values, AuthSettings settings, Clock clock, Map<String, RevocationStoreFactory> factories) {
        String name = values.value(STORE).orElse("none");
        Duration maxStaleness = values.duration(MAX_STALENESS, Duration.ofSeconds(5));
        String onOutage = values.value(ON_OUTAGE).orElse("allow");
        if (!onOutage.equals("allow") && !onOutage.equals("deny")) {
            throw new AuthConfigurationException(ON_OUTAGE, "must be allow or deny");
        }
        Optional<RevocationStore> store = switch (name) {
            case "none" -> Optional.empty();
            case "memory" -> Optional.of(new MemoryRevocationStore(clock));
            default -> {
                RevocationStoreFactory factory = factories.get(name);
                if (factory == null) {
                    throw new AuthConfigurationException(STORE, "must be none, memory or an installed store ("
                            + (factories.isEmpty() ? "none installed; dynamodb needs portcullis-revocation-dynamodb" : String.join(", ", factories.keySet())) + ")");
                }
                try {
                    yield Optional.of(factory.create(values::value));
                } catch (IllegalArgumentException e) {
                    int colon = e.getMessage() == null ? -1 : e.getMessage().indexOf(':');
                    throw colon > 0 ? new AuthConfigurationException(e.getMessage().substring(0, colon), e.getMessage().substring(colon + 1).trim())
                            : new AuthConfigurationException(STORE, "the store could not be made: " + e.getMessage());
                }
            }
        };
        // a record is needed as long as a session it ends could still be presented
        return new Revocations(store, name, maxStaleness, onOutage.equals("deny"), settings.sessionMaxAge(), clock);
    }

    /** {@return whether a store is configured} */
    boolean enabled() {
        return store.isPresent();
    }

    /** {@return whether sessions are refused while the store cannot be read} */
    boolean deniesOnOutage() {
        return denyOnOutage;
    }

    /** {@return the configured store's name: none, memory, dynamodb, ...} */
    String storeName() {
        return storeName;
    }

    /**
     * Whether a session was ended on any instance.
     *
     * @throws ProviderUnavailableException with {@link Reason#REVOCATION_STORE_DOWN} when the store cannot be read and
     *                                      {@code on-outage} is {@code deny}
     */
    boolean revoked(Session session) {
        if (store.isEmpty()) {
            return false;
        }
        List<String> keys = keysOf(session);
        Instant now = clock.instant();
        List<String> stale = keys.stream().filter(key -> {
            Known known = cache.get(key);
            return known == null || known.readAt().plus(maxStaleness).isBefore(now);
        }).toList();
        if (!stale.isEmpty()) {
            try {
                Map<String, Instant> read = store.get().revocations(stale);
                if (cache.size() > MAX_CACHED) {
                    cache.clear();
                }
                stale.forEach(key -> cache.put(key, new Known(Optional.ofNullable(read.get(key)), now)));
            } catch (RevocationStoreUnavailableException e) {
                outage(e);
            }
        }
        return keys.stream().map(cache::get).filter(known -> known != null && known.revokedAt().isPresent())
                .anyMatch(known -> !known.revokedAt().get().isBefore(session.createdAt()));
    }

    /** Logout: this session ends everywhere. */
    void revoke(Session session) {
        revoke("s:" + session.id(), session.expiresAt());
    }

    /** Back-channel logout: every session of this provider session ends everywhere. */
    void revokeProviderSession(String provider, String sid) {
        revoke("sid:" + provider + ":" + sid, clock.instant().plus(keepFor));
    }

    /** Back-channel logout: every session of this user at this provider, begun until now, ends everywhere. */
    void revokeSubject(String provider, String subject) {
        revoke("sub:" + provider + ":" + subject, clock.instant().plus(keepFor));
    }

    /** A logout token's {@code jti}, used once across instances: false when it was used before. */
    boolean firstUse(String provider, String jti) {
        try {
            return store.orElseThrow().recordOnce("jti:" + provider + ":" + jti, clock.instant().plus(keepFor));
        } catch (RevocationStoreUnavailableException e) {
            throw new ProviderUnavailableException(Reason.REVOCATION_STORE_DOWN, provider, "the revocation store cannot be written", e);
        }
    }

    /** {@return whether the store can be read: readiness} */
    boolean reachable() {
        return store.map(RevocationStore::reachable).orElse(true);
    }

    /** Releases the store's client. */
    void close() {
        store.ifPresent(RevocationStore::close);
    }

    private void revoke(String key, Instant expiresAt) {
        if (store.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        // known here at once, whatever the store's answer
        cache.put(key, new Known(Optional.of(now), now));
        try {
            store.get().revoke(key, now, expiresAt);
        } catch (RevocationStoreUnavailableException e) {
            throw new ProviderUnavailableException(Reason.REVOCATION_STORE_DOWN, null, "the revocation store cannot be written", e);
        }
    }

    private static List<String> keysOf(Session session) {
        List<String> keys = new ArrayList<>(3);
        keys.add("s:" + session.id());
        if (session.identity().claims().get("sid") instanceof String sid && !sid.isBlank()) {
            keys.add("sid:" + session.provider() + ":" + sid);
        }
        keys.add("sub:" + session.provider() + ":" + session.identity().subject());
        return keys;
    }

    private void outage(RevocationStoreUnavailableException e) {
        Instant now = clock.instant();
        Instant last = lastOutageLogged.get();
        if (last.plus(Duration.ofMinutes(1)).isBefore(now) && lastOutageLogged.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "revocation store {0} cannot be read ({1}); {2}", storeName, e.getMessage(),
                    denyOnOutage ? "sessions are refused (auth.revocation.on-outage=deny)"
                            : "serving from what this instance last knew (auth.revocation.on-outage=allow)");
        }
        if (denyOnOutage) {
            throw new ProviderUnavailableException(Reason.REVOCATION_STORE_DOWN, null, "the revocation store cannot be read", e);
        }
    }
}
