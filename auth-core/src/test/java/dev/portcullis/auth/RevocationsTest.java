package dev.portcullis.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.portcullis.auth.ProviderReadinessTest.MovableClock;
import dev.portcullis.auth.spi.RevocationStore;
import dev.portcullis.auth.spi.RevocationStoreFactory;
import dev.portcullis.auth.spi.RevocationStoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The revocation look-up: a revocation made on another instance is seen within {@code auth.revocation.max-staleness},
 * not on every request; a store that cannot be read is met by {@code auth.revocation.on-outage}. Against a store of
 * this test's own (the SPI), shared by two {@link Revocations} as two instances share a table.
 */
class RevocationsTest {

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
    final SharedStore shared = new SharedStore();

    @Test
    void aLogoutOnAnotherInstanceIsSeenOnceTheLookUpIsStaleAndNotBefore() {
        Revocations here = revocations("allow");
        Revocations there = revocations("allow");
        Session session = session();
        assertThat(here.revoked(session)).isFalse();
        int readsBefore = shared.reads.get();

        there.revoke(session);
        clock.advance(Duration.ofSeconds(4));
        assertThat(here.revoked(session)).as("cached for up to max-staleness").isFalse();
        assertThat(shared.reads.get()).isEqualTo(readsBefore);
        clock.advance(Duration.ofSeconds(2));

        assertThat(here.revoked(session)).isTrue();
        assertThat(there.revoked(session)).as("the instance that revoked knows at once").isTrue();
    }

    @Test
    void aSubjectRevocationEndsOnlySessionsBegunBeforeIt() {
        Revocations revocations = revocations("allow");
        Session before = session();
        revocations.revokeSubject("test", "user-1");
        clock.advance(Duration.ofSeconds(1));
        Session after = new Session("test", before.tokens(), before.identity(), clock.instant(), clock.instant().plus(Duration.ofHours(1)));

        assertThat(revocations.revoked(before)).isTrue();
        assertThat(revocations.revoked(after)).isFalse();
    }

    @Test
    void whenTheStoreCannotBeReadAllowServesWhatThisInstanceLastKnew() {
        Revocations revocations = revocations("allow");
        Session ended = session();
        Session live = session();
        revocations.revoke(ended);
        assertThat(revocations.revoked(live)).isFalse();
        shared.down = true;
        clock.advance(Duration.ofMinutes(1));

        assertThat(revocations.revoked(ended)).isTrue();
        assertThat(revocations.revoked(live)).isFalse();
    }

    @Test
    void whenTheStoreCannotBeReadDenyRefusesWith503() {
        Revocations revocations = revocations("deny");
        shared.down = true;

        assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> revocations.revoked(session()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.REVOCATION_STORE_DOWN))
                .withMessageNotContaining("s:");
    }

    @Test
    void aLogoutTokenIdIsUsedOnceAcrossInstances() {
        assertThat(revocations("allow").firstUse("test", "jti-1")).isTrue();
        assertThat(revocations("allow").firstUse("test", "jti-1")).isFalse();
        assertThat(revocations("allow").firstUse("test", "jti-2")).isTrue();
    }

    @Test
    void aWrongOnOutageOrAStoreNoModuleProvidesFailsStartUpNamingTheKey() {
        assertThatExceptionOfType(AuthConfigurationException.class).isThrownBy(() -> revocations("maybe"))
                .satisfies(e -> assertThat(e.key()).isEqualTo(Revocations.ON_OUTAGE));
        Map<String, String> config = new HashMap<>(TestConfig.minimal());
        config.put(Revocations.STORE, "redis");
        assertThatExceptionOfType(AuthConfigurationException.class)
                .isThrownBy(() -> Revocations.create(TestConfig.values(config), AuthSettings.from(TestConfig.values(config), java.util.Set.of("test")), clock, Map.of()))
                .satisfies(e -> assertThat(e.key()).isEqualTo(Revocations.STORE));
    }

    private Revocations revocations(String onOutage) {
        Map<String, String> config = new HashMap<>(TestConfig.minimal());
        config.put(Revocations.STORE, "shared");
        config.put(Revocations.ON_OUTAGE, onOutage);
        RevocationStoreFactory factory = new RevocationStoreFactory() {
            @Override
            public String name() {
                return "shared";
            }

            @Override
            public RevocationStore create(Function<String, Optional<String>> settings) {
                return shared;
            }
        };
        ConfigValues values = TestConfig.values(config);
        return Revocations.create(values, AuthSettings.from(values, java.util.Set.of("test")), clock, Map.of("shared", factory));
    }

    private Session session() {
        Session template = SessionCookieCodecTest.session("access-1");
        return new Session("test", template.tokens(), template.identity(), clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    }

    /** One store for every instance of the test, like a table; it can be taken down. */
    static final class SharedStore implements RevocationStore {
        final MemoryRevocationStore records = new MemoryRevocationStore(java.time.Clock.systemUTC());
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean down;

        @Override
        public void revoke(String key, Instant revokedAt, Instant expiresAt) {
            up();
            records.revoke(key, revokedAt, expiresAt.plus(Duration.ofDays(3650)));
        }

        @Override
        public Map<String, Instant> revocations(Collection<String> keys) {
            up();
            reads.incrementAndGet();
            return records.revocations(keys);
        }

        @Override
        public boolean recordOnce(String key, Instant expiresAt) {
            up();
            return records.recordOnce(key, expiresAt.plus(Duration.ofDays(3650)));
        }

        @Override
        public boolean reachable() {
            return !down;
        }

        @Override
        public void close() {
        }

        private void up() {
            if (down) {
                throw new RevocationStoreUnavailableException("store is down", null);
            }
        }
    }
}
