package dev.portcullis.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installed secret stores after a SnapStart restore: each is told to expire what it has cached, because the
 * snapshot's copies may be days old. No network is used.
 */
class SecretRotationsTest {

    private final List<String> told = new ArrayList<>();

    @Test
    void afterASnapshotRestoreEveryInstalledStoreExpiresItsCachedSecrets() {
        OidcRelyingParty party = relyingParty(List.of(new RecordingStore("first", false), new RecordingStore("second", false)));

        party.afterRestore();

        assertThat(told).containsExactly("first expired", "second expired");
    }

    @Test
    void eachRestoreExpiresTheCachesAgain() {
        OidcRelyingParty party = relyingParty(List.of(new RecordingStore("store", false)));

        party.afterRestore();
        party.afterRestore();

        assertThat(told).containsExactly("store expired", "store expired");
    }

    @Test
    void aStoreThatKeepsNoCacheIsLeftAloneAndTheOthersAreStillTold() {
        SecretRotation withoutCache = key -> false;
        OidcRelyingParty party = relyingParty(List.of(withoutCache, new RecordingStore("cached", false)));

        party.afterRestore();

        assertThat(told).containsExactly("cached expired");
    }

    @Test
    void aRotatedSecretIsAskedOfTheStoresInTurnUntilOneFoundANewValue() {
        SecretRotations rotations = new SecretRotations(List.of(new RecordingStore("first", false),
                new RecordingStore("second", true), new RecordingStore("third", true)));

        assertThat(rotations.refetch("auth.test.client-secret")).isTrue();
        assertThat(told).containsExactly("first refetch auth.test.client-secret", "second refetch auth.test.client-secret");
    }

    private OidcRelyingParty relyingParty(List<SecretRotation> rotations) {
        return OidcRelyingParty.create(TestConfig.values(OidcRelyingPartyConfigTest.config()), Clock.systemUTC(),
                OidcRelyingPartyConfigTest.factories("fake"), rotations);
    }

    /** A store that records what it is told. */
    private final class RecordingStore implements SecretRotation {
        private final String name;
        private final boolean rotated;

        RecordingStore(String name, boolean rotated) {
            this.name = name;
            this.rotated = rotated;
        }

        @Override
        public boolean refetch(String configKey) {
            told.add(name + " refetch " + configKey);
            return rotated;
        }

        @Override
        public void expireCachedSecrets() {
            told.add(name + " expired");
        }
    }
}
