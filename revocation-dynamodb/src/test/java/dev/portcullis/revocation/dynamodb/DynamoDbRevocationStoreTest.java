package dev.portcullis.revocation.dynamodb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.portcullis.auth.spi.RevocationStoreUnavailableException;
import dev.portcullis.testing.LocalDynamoDb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The store against a real DynamoDB API (dynalite on loopback), with the real AWS SDK client configured as in
 * production (transport, timeouts, retries); only endpoint, region and credentials are the test's.
 */
class DynamoDbRevocationStoreTest {

    static final Instant REVOKED_AT = Instant.parse("2026-03-01T10:00:00.250Z");
    static final Instant EXPIRES_AT = Instant.parse("2026-03-01T22:00:00.250Z");

    static LocalDynamoDb dynamoDb;

    DynamoDbRevocationStore store;
    /** Every test its own keys: the table is shared by the class. */
    String session;

    @BeforeAll
    static void startDynamoDb() {
        dynamoDb = LocalDynamoDb.start();
    }

    @AfterAll
    static void stopDynamoDb() {
        dynamoDb.close();
    }

    @BeforeEach
    void newStore() {
        store = store(dynamoDb.endpoint(), dynamoDb.table());
        session = "s:" + UUID.randomUUID();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static DynamoDbRevocationStore store(URI endpoint, String table) {
        return new DynamoDbRevocationStore(table, () -> DynamoDbRevocationStore.clientBuilder()
                .endpointOverride(endpoint)
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "test-secret-access-key")))
                .build());
    }

    static Map<String, AttributeValue> rawItem(String key) {
        return dynamoDb.client().getItem(request -> request.tableName(dynamoDb.table())
                .key(Map.of("k", AttributeValue.fromS(key))).consistentRead(true)).item();
    }

    @Test
    void aRevocationIsReadBackWithItsRevokedAt() {
        store.revoke(session, REVOKED_AT, EXPIRES_AT);

        assertThat(store.revocations(List.of(session))).isEqualTo(Map.of(session, REVOKED_AT));
    }

    @Test
    void aKeyWithoutARecordIsAbsent() {
        assertThat(store.revocations(List.of(session))).isEmpty();
    }

    @Test
    void severalKeysAreReadAtOnceAndOnlyTheRecordedOnesAreInTheAnswer() {
        String sid = "sid:cognito:" + UUID.randomUUID();
        String sub = "sub:cognito:" + UUID.randomUUID();
        store.revoke(session, REVOKED_AT, EXPIRES_AT);
        store.revoke(sub, REVOKED_AT.plusSeconds(1), EXPIRES_AT);

        assertThat(store.revocations(List.of(session, sid, sub)))
                .isEqualTo(Map.of(session, REVOKED_AT, sub, REVOKED_AT.plusSeconds(1)));
    }

    @Test
    void noKeysAreNoRevocations() {
        assertThat(store.revocations(List.of())).isEmpty();
    }

    @Test
    void moreThanTenKeysAreRefused() {
        List<String> keys = java.util.stream.IntStream.range(0, 11).mapToObj(i -> session + i).toList();

        assertThatIllegalArgumentException().isThrownBy(() -> store.revocations(keys))
                .withMessage("at most 10 keys at once, not 11");
    }

    @Test
    void aLaterRevocationReplacesAnEarlierOne() {
        store.revoke(session, REVOKED_AT, EXPIRES_AT);
        store.revoke(session, REVOKED_AT.plusSeconds(60), EXPIRES_AT.plusSeconds(60));

        assertThat(store.revocations(List.of(session))).isEqualTo(Map.of(session, REVOKED_AT.plusSeconds(60)));
        assertThat(rawItem(session).get("ttl").n()).isEqualTo(Long.toString(EXPIRES_AT.plusSeconds(60).getEpochSecond()));
    }

    @Test
    void anEarlierRevocationDoesNotReplaceALaterOne() {
        store.revoke(session, REVOKED_AT.plusSeconds(60), EXPIRES_AT.plusSeconds(60));
        store.revoke(session, REVOKED_AT, EXPIRES_AT);

        assertThat(store.revocations(List.of(session))).isEqualTo(Map.of(session, REVOKED_AT.plusSeconds(60)));
        assertThat(rawItem(session).get("ttl").n()).isEqualTo(Long.toString(EXPIRES_AT.plusSeconds(60).getEpochSecond()));
    }

    @Test
    void theSameRevocationTwiceIsOneRecord() {
        store.revoke(session, REVOKED_AT, EXPIRES_AT);
        store.revoke(session, REVOKED_AT, EXPIRES_AT);

        assertThat(store.revocations(List.of(session))).isEqualTo(Map.of(session, REVOKED_AT));
    }

    @Test
    void theItemHoldsTheKeyRevokedAtInEpochMillisAndTtlInEpochSecondsOfExpiresAt() {
        store.revoke(session, REVOKED_AT, EXPIRES_AT);

        assertThat(rawItem(session)).isEqualTo(Map.of(
                "k", AttributeValue.fromS(session),
                "revokedAt", AttributeValue.fromN(Long.toString(REVOKED_AT.toEpochMilli())),
                "ttl", AttributeValue.fromN(Long.toString(EXPIRES_AT.getEpochSecond()))));
    }

    @Test
    void aRevokedAtBetweenMillisecondsIsRoundedUpSoThatASessionBegunBeforeItIsStillBefore() {
        Instant revokedAt = Instant.parse("2026-03-01T10:00:00.250000001Z");
        store.revoke(session, revokedAt, EXPIRES_AT);

        assertThat(store.revocations(List.of(session))).isEqualTo(Map.of(session, Instant.parse("2026-03-01T10:00:00.251Z")));
    }

    @Test
    void aKeyLongerThanDynamoDbAllowsIsStoredUnderItsHash() {
        String key = "sub:cognito:" + "€".repeat(1000) + UUID.randomUUID();  // about 3,000 bytes in UTF-8
        store.revoke(key, REVOKED_AT, EXPIRES_AT);

        assertThat(store.revocations(List.of(key))).isEqualTo(Map.of(key, REVOKED_AT));
        assertThat(DynamoDbRevocationStore.itemKey(key)).startsWith("sha256:").hasSize(7 + 43);
        assertThat(rawItem(DynamoDbRevocationStore.itemKey(key))).containsKey("revokedAt");
    }

    @Test
    void recordOnceIsTrueTheFirstTimeAndFalseEveryTimeAfter() {
        String jti = "jti:auth0:" + UUID.randomUUID();

        assertThat(store.recordOnce(jti, EXPIRES_AT)).isTrue();
        assertThat(store.recordOnce(jti, EXPIRES_AT)).isFalse();
        assertThat(store.recordOnce(jti, EXPIRES_AT.plusSeconds(60))).isFalse();
    }

    @Test
    void recordOnceIsTrueForOnlyOneOfTwoInstances() {
        String jti = "jti:auth0:" + UUID.randomUUID();
        try (DynamoDbRevocationStore other = store(dynamoDb.endpoint(), dynamoDb.table())) {
            assertThat(store.recordOnce(jti, EXPIRES_AT)).isTrue();
            assertThat(other.recordOnce(jti, EXPIRES_AT)).isFalse();
        }
    }

    @Test
    void aRecordOnceItemHoldsTheKeyAndItsTtlAndIsNoRevocation() {
        String jti = "jti:auth0:" + UUID.randomUUID();
        store.recordOnce(jti, EXPIRES_AT);

        assertThat(rawItem(jti)).isEqualTo(Map.of(
                "k", AttributeValue.fromS(jti),
                "ttl", AttributeValue.fromN(Long.toString(EXPIRES_AT.getEpochSecond()))));
        assertThat(store.revocations(List.of(jti))).isEmpty();
    }

    @Test
    void aRevocationByOneInstanceIsSeenByAnother() {
        try (DynamoDbRevocationStore other = store(dynamoDb.endpoint(), dynamoDb.table())) {
            store.revoke(session, REVOKED_AT, EXPIRES_AT);

            assertThat(other.revocations(List.of(session))).isEqualTo(Map.of(session, REVOKED_AT));
        }
    }

    @Test
    void aTableThatCanBeReadIsReachable() {
        assertThat(store.reachable()).isTrue();
    }

    @Test
    void aMissingTableMakesEveryCallUnavailableNamingTheTableAndNoKey() {
        try (DynamoDbRevocationStore missing = store(dynamoDb.endpoint(), "no-such-table")) {
            assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                    .isThrownBy(() -> missing.revoke(session, REVOKED_AT, EXPIRES_AT))
                    .withMessage("DynamoDB table no-such-table: PutItem failed: ResourceNotFoundException (HTTP 400)");
            assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                    .isThrownBy(() -> missing.revocations(List.of(session)))
                    .withMessage("DynamoDB table no-such-table: GetItem failed: ResourceNotFoundException (HTTP 400)");
            assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                    .isThrownBy(() -> missing.revocations(List.of(session, "sid:cognito:abc", "sub:cognito:def")))
                    .withMessage("DynamoDB table no-such-table: GetItem failed: ResourceNotFoundException (HTTP 400)");
            assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                    .isThrownBy(() -> missing.recordOnce("jti:auth0:" + session, EXPIRES_AT))
                    .withMessage("DynamoDB table no-such-table: PutItem failed: ResourceNotFoundException (HTTP 400)");
            assertThat(missing.reachable()).isFalse();
        }
    }

    @Test
    void anEndpointThatRefusesConnectionsMakesCallsUnavailable() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (DynamoDbRevocationStore down = store(closedPort, dynamoDb.table())) {
            assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                    .isThrownBy(() -> down.revocations(List.of(session)))
                    .withMessage("DynamoDB table portcullis-revocations: GetItem failed: SdkClientException (ConnectException)");
            assertThat(down.reachable()).isFalse();
        }
    }

    @Test
    @Timeout(30)  // a guard against a hang only: the calls themselves are bounded at 2 s
    void anEndpointThatNeverAnswersMakesCallsUnavailableWhenTheirTimeoutEnds() throws IOException {
        // connections are accepted (by the backlog) and never answered
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             DynamoDbRevocationStore stuck = store(URI.create("http://127.0.0.1:" + silent.getLocalPort()), dynamoDb.table())) {
            assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                    .isThrownBy(() -> stuck.revoke(session, REVOKED_AT, EXPIRES_AT))
                    .withMessageStartingWith("DynamoDB table portcullis-revocations: PutItem failed: ")
                    .withMessageContaining("TimeoutException")
                    .withMessageNotContaining(session);
            assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                    .isThrownBy(() -> stuck.revocations(List.of(session, "sub:cognito:" + session)))
                    .withMessageContaining("TimeoutException")
                    .withMessageNotContaining(session);
        }
    }

    @Test
    void aClosedStoreRefusesCalls() {
        store.close();

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> store.revocations(List.of(session)))
                .withMessage("DynamoDB table portcullis-revocations: the store is closed");
    }

    @Test
    void aClientThatCannotBeBuiltMakesCallsUnavailableAndIsTriedAgainNextTime() {
        int[] attempts = {0};
        try (DynamoDbRevocationStore noRegion = new DynamoDbRevocationStore(dynamoDb.table(), () -> {
            attempts[0]++;
            throw SdkClientException.create("Unable to load region from any of the providers in the chain");
        })) {
            for (int i = 0; i < 2; i++) {
                assertThatExceptionOfType(RevocationStoreUnavailableException.class)
                        .isThrownBy(() -> noRegion.recordOnce(session, EXPIRES_AT))
                        .withMessage("DynamoDB table portcullis-revocations: the client failed: SdkClientException");
            }
            assertThat(attempts[0]).isEqualTo(2);
        }
    }
}
