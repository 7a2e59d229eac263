package dev.portcullis.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * dynalite on loopback: started with its table, found from any module's directory, stopped on close, and a clear
 * failure when it is not installed.
 */
class LocalDynamoDbTest {

    @Test
    void itStartsOnLoopbackWithARevocationTableKeyedByK() {
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
            assertThat(dynamoDb.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(dynamoDb.table()).isEqualTo("portcullis-revocations");
            var table = dynamoDb.client().describeTable(request -> request.tableName("portcullis-revocations")).table();
            assertThat(table.keySchema()).singleElement().satisfies(key -> {
                assertThat(key.attributeName()).isEqualTo("k");
                assertThat(key.keyType()).isEqualTo(KeyType.HASH);
            });

            dynamoDb.client().putItem(request -> request.tableName("portcullis-revocations")
                    .item(Map.of("k", AttributeValue.fromS("s:one"), "ttl", AttributeValue.fromN("1800000000"))));
            assertThat(dynamoDb.client().getItem(request -> request.tableName("portcullis-revocations")
                    .key(Map.of("k", AttributeValue.fromS("s:one")))).item()).containsEntry("ttl", AttributeValue.fromN("1800000000"));
        }
    }

    @Test
    void afterCloseTheEndpointRefusesConnections() {
        LocalDynamoDb dynamoDb = LocalDynamoDb.start();
        dynamoDb.close();

        try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(LocalDynamoDb.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            assertThatExceptionOfType(SdkClientException.class).isThrownBy(client::listTables)
                    .withRootCauseInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void toolsDynaliteIsFoundFromAModuleDirectoryAndItsSubdirectories() {
        Path repository = LocalDynamoDb.toolDir(Path.of("")).getParent().getParent();

        assertThat(LocalDynamoDb.toolDir(repository.resolve("testing/src/main/java")))
                .isEqualTo(repository.resolve("tools/dynalite"));
    }

    @Test
    void outsideTheRepositoryTheFailureSaysWhatToDo(@TempDir Path elsewhere) {
        assertThatIllegalStateException().isThrownBy(() -> LocalDynamoDb.toolDir(elsewhere))
                .withMessage("LocalDynamoDb: found no tools/dynalite/package.json in " + elsewhere.toAbsolutePath().normalize()
                        + " or above it; run the tests inside the Portcullis repository (after `npm ci` in tools/dynalite), or set"
                        + " -Dportcullis.dynalite.dir to a directory whose node_modules holds dynalite");
    }

    @Test
    void aDirectoryWithoutNpmCiSaysToRunIt(@TempDir Path notInstalled) throws Exception {
        Files.writeString(notInstalled.resolve("package.json"), "{}");
        System.setProperty("portcullis.dynalite.dir", notInstalled.toString());
        try {
            assertThatIllegalStateException().isThrownBy(LocalDynamoDb::start)
                    .withMessage("LocalDynamoDb: dynalite is not installed in " + notInstalled.toAbsolutePath().normalize()
                            + ": run `npm ci` there (for example `npm ci --prefix " + notInstalled.toAbsolutePath().normalize()
                            + "`), as .ci/run does");
        } finally {
            System.clearProperty("portcullis.dynalite.dir");
        }
    }
}
