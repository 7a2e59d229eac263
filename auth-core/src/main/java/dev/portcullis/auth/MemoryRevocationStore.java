package dev.portcullis.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.portcullis.auth.spi.RevocationStore;

/**
 * {@code auth.revocation.store=memory}: the revocations of one instance, for a service that runs as one. Records are
 * dropped once expired; at most {@link #MAX_RECORDS}, the soonest to expire dropped first when full.
 */
final class MemoryRevocationStore implements RevocationStore {

    /** Enough for every logout of a busy day; a bound so that a flood of logouts cannot exhaust memory. */
    static final int MAX_RECORDS = 100_000;

    private record Entry(Instant revokedAt, Instant expiresAt) {
    }

    private final Map<String, Entry> records = new ConcurrentHashMap<>();
    private final Clock clock;

    MemoryRevocationStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void revoke(String key, Instant revokedAt, Instant expiresAt) {
        makeRoom();
        records.merge(key, new Entry(revokedAt, expiresAt),
                (old, now) -> old.revokedAt().isAfter(now.revokedAt()) ? old : now);
    }

    @Override
    public Map<String, Instant> revocations(Collection<String> keys) {
        Instant now = clock.instant();
        Map<String, Instant> found = new LinkedHashMap<>();
        for (String key : keys) {
            Entry entry = records.get(key);
            if (entry != null && entry.expiresAt().isAfter(now)) {
                found.put(key, entry.revokedAt());
            }
        }
        return found;
    }

    @Override
    public boolean recordOnce(String key, Instant expiresAt) {
        makeRoom();
        Instant now = clock.instant();
        Entry mine = new Entry(now, expiresAt);
        Entry held = records.compute(key, (k, old) -> old == null || !old.expiresAt().isAfter(now) ? mine : old);
        return held == mine;
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public void close() {
        records.clear();
    }

    private void makeRoom() {
        if (records.size() < MAX_RECORDS) {
            return;
        }
        Instant now = clock.instant();
        records.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
        while (records.size() >= MAX_RECORDS) {
            records.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.expiresAt().compareTo(b.expiresAt())))
                    .ifPresent(soonest -> records.remove(soonest.getKey()));
        }
    }
}
