package dev.portcullis.secrets.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.portcullis.testing.LocalSecretsManager;
import dev.portcullis.testing.LogCapture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cache of secret values, with the real AWS SDK client talking the Secrets Manager protocol to a local endpoint.
 */
class SecretsManagerCacheTest {

    static final Duration TTL = Duration.ofMinutes(5);
    static final String KEY = "auth.cognito.client-secret";

    LocalSecretsManager store;
    MutableClock clock;
    SecretsManagerCache cache;

    @BeforeEach
    void start() {
        store = LocalSecretsManager.start();
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        cache = new SecretsManagerCache(() -> client(store), TTL, clock);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    static SecretsManagerClient client(LocalSecretsManager store) {
        return SecretsManagerClient.builder()
                .endpointOverride(store.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "test-secret-access-key")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static SecretReference ref(String value) {
        return SecretReference.parse(value).orElseThrow();
    }

    @Test
    void aReferenceWithoutAFieldTakesTheWholeSecretString() {
        store.put("prod/session", "c2Vzc2lvbi1rZXk=");
        assertThat(cache.resolve("auth.session.secret", ref("aws-secretsmanager:prod/session"))).isEqualTo("c2Vzc2lvbi1rZXk=");
    }

    @Test
    void aReferenceWithAFieldTakesThatFieldOfAJsonSecretString() {
        store.put("prod/cognito", "{\"client_secret\":\"s3cr3t\",\"other\":1}");
        assertThat(cache.resolve(KEY, ref("aws-secretsmanager:prod/cognito#client_secret"))).isEqualTo("s3cr3t");
        assertThat(cache.resolve("x", ref("aws-secretsmanager:prod/cognito#other"))).isEqualTo("1");
    }

    @Test
    void anArnIsAnIdToo() {
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/cognito-AbCdEf";
        store.put(arn, "{\"client_secret\":\"s3cr3t\"}");
        assertThat(cache.resolve(KEY, ref("aws-secretsmanager:" + arn + "#client_secret"))).isEqualTo("s3cr3t");
    }

    @Test
    void aSecretIsReadOnceAndServedFromTheCacheUntilItsTimeToLiveEnds() {
        store.put("prod/cognito", "{\"client_secret\":\"first\"}");
        SecretReference reference = ref("aws-secretsmanager:prod/cognito#client_secret");
        assertThat(cache.resolve(KEY, reference)).isEqualTo("first");
        store.put("prod/cognito", "{\"client_secret\":\"rotated\"}");

        clock.advance(TTL.minusSeconds(1));
        assertThat(cache.resolve(KEY, reference)).isEqualTo("first");
        assertThat(store.reads("prod/cognito")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.resolve(KEY, reference)).isEqualTo("rotated");
        assertThat(store.reads("prod/cognito")).isEqualTo(2);
    }

    @Test
    void aForcedRefetchPicksUpARotatedSecretBeforeTheTimeToLiveEnds() {
        store.put("prod/cognito", "{\"client_secret\":\"first\"}");
        SecretReference reference = ref("aws-secretsmanager:prod/cognito#client_secret");
        cache.resolve(KEY, reference);
        store.put("prod/cognito", "{\"client_secret\":\"rotated\"}");

        assertThat(cache.refetch(KEY)).isTrue();
        assertThat(cache.resolve(KEY, reference)).isEqualTo("rotated");
    }

    @Test
    void aForcedRefetchOfAnUnchangedSecretSaysSoAndIsNotRepeatedWithinTenSeconds() {
        store.put("prod/cognito", "{\"client_secret\":\"same\"}");
        cache.resolve(KEY, ref("aws-secretsmanager:prod/cognito#client_secret"));

        assertThat(cache.refetch(KEY)).isFalse();
        assertThat(cache.refetch(KEY)).isFalse();
        assertThat(store.reads("prod/cognito")).isEqualTo(2);
        clock.advance(SecretsManagerCache.MIN_FORCED_REFETCH_INTERVAL);
        cache.refetch(KEY);
        assertThat(store.reads("prod/cognito")).isEqualTo(3);
    }

    @Test
    void aKeyThatNamesNoSecretIsNotRefetched() {
        assertThat(cache.refetch("auth.oidc.client-secret")).isFalse();
    }

    @Test
    void aMissingSecretFailsNamingTheSecret() {
        assertThatExceptionOfType(SecretUnavailableException.class)
                .isThrownBy(() -> cache.resolve(KEY, ref("aws-secretsmanager:prod/nothing#client_secret")))
                .withMessage("secret prod/nothing (field client_secret): ResourceNotFoundException (HTTP 400)");
    }

    @Test
    void accessDeniedFailsNamingTheSecret() {
        store.deny("prod/cognito");
        assertThatExceptionOfType(SecretUnavailableException.class)
                .isThrownBy(() -> cache.resolve(KEY, ref("aws-secretsmanager:prod/cognito")))
                .withMessage("secret prod/cognito: AccessDeniedException (HTTP 400)");
    }

    @Test
    void anAbsentFieldFailsNamingTheFieldButNotTheValue() {
        store.put("prod/cognito", "{\"client_id\":\"abc\",\"password\":\"hunter2\"}");
        assertThatExceptionOfType(SecretUnavailableException.class)
                .isThrownBy(() -> cache.resolve(KEY, ref("aws-secretsmanager:prod/cognito#client_secret")))
                .withMessage("secret prod/cognito (field client_secret): SecretString has no field client_secret");
    }

    @Test
    void aFieldOfASecretThatIsNotJsonFailsWithoutShowingTheValue() {
        store.put("prod/plain", "hunter2");
        assertThatExceptionOfType(SecretUnavailableException.class)
                .isThrownBy(() -> cache.resolve(KEY, ref("aws-secretsmanager:prod/plain#client_secret")))
                .withMessageNotContaining("hunter2")
                .withMessageContaining("not a JSON object");
    }

    @Test
    void anUnreachableStoreFailsWhenNothingIsCached() {
        store.close();
        assertThatExceptionOfType(SecretUnavailableException.class)
                .isThrownBy(() -> cache.resolve(KEY, ref("aws-secretsmanager:prod/cognito#client_secret")))
                .withMessageStartingWith("secret prod/cognito (field client_secret): Secrets Manager could not be reached");
    }

    @Test
    void anUnreachableStoreLaterKeepsServingTheCachedValueAndSaysSo() {
        store.put("prod/cognito", "{\"client_secret\":\"cached-client-secret\"}");
        SecretReference reference = ref("aws-secretsmanager:prod/cognito#client_secret");
        cache.resolve(KEY, reference);
        store.close();
        clock.advance(TTL.plusMinutes(1));

        java.util.List<String> logs;
        String served;
        try (LogCapture capture = LogCapture.start()) {
            served = cache.resolve(KEY, reference);
            logs = capture.lines();
        }

        assertThat(served).isEqualTo("cached-client-secret");
        assertThat(cache.refetch(KEY)).isFalse();
        assertThat(logs).anySatisfy(line -> assertThat(line)
                .contains("secret prod/cognito (field client_secret) could not be read again")
                .contains("keeps serving"));
        assertThat(String.join("\n", logs)).doesNotContain("cached-client-secret");
    }

    @Test
    void referencesAreParsedStrictly() {
        assertThat(SecretReference.parse("plain-value")).isEmpty();
        assertThat(SecretReference.parse("aws-secretsmanager:a/b")).contains(new SecretReference("a/b", java.util.Optional.empty()));
        assertThat(SecretReference.parse("aws-secretsmanager:a/b#f")).contains(new SecretReference("a/b", java.util.Optional.of("f")));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SecretReference.parse("aws-secretsmanager:"));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SecretReference.parse("aws-secretsmanager:a#"));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
