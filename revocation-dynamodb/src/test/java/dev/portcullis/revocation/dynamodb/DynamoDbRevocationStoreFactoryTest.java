package dev.portcullis.revocation.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.time.Instant;

import dev.portcullis.auth.spi.RevocationStore;
import dev.portcullis.auth.spi.RevocationStoreFactory;
import dev.portcullis.testing.AwsTestEnvironment;
import dev.portcullis.testing.LocalDynamoDb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code auth.revocation.store=dynamodb}: the factory, its one setting, and the client it builds the standard way.
 */
class DynamoDbRevocationStoreFactoryTest {

    static Optional<String> none(String key) {
        return Optional.empty();
    }

    @Test
    void serviceLoaderFindsTheFactoryUnderTheNameDynamodb() {
        assertThat(ServiceLoader.load(RevocationStoreFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(factory -> factory.name().equals("dynamodb")))
                .singleElement().isInstanceOf(DynamoDbRevocationStoreFactory.class);
    }

    @Test
    void aMissingTableIsRefusedNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DynamoDbRevocationStoreFactory().create(DynamoDbRevocationStoreFactoryTest::none))
                .withMessage("auth.revocation.dynamodb.table: is required but not set");
    }

    @Test
    void aBlankTableIsAMissingOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DynamoDbRevocationStoreFactory().create(key -> Optional.of("  ")))
                .withMessage("auth.revocation.dynamodb.table: is required but not set");
    }

    @Test
    void aTableNameDynamoDbWouldRefuseIsRefusedNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DynamoDbRevocationStoreFactory().create(key -> Optional.of("my table")))
                .withMessage("auth.revocation.dynamodb.table: is not a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, _, - and .) "
                        + "or a table ARN");
    }

    @Test
    void theTableIsTakenByNameOrArnFromItsSetting() {
        String arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/portcullis-revocations";
        for (String table : List.of("portcullis-revocations", arn)) {
            Map<String, String> settings = Map.of("auth.revocation.dynamodb.table", table);
            try (RevocationStore store = new DynamoDbRevocationStoreFactory().create(key -> Optional.ofNullable(settings.get(key)))) {
                assertThat(((DynamoDbRevocationStore) store).table()).isEqualTo(table);
            }
        }
    }

    @Test
    void theStoreFindsRegionCredentialsAndEndpointTheStandardWay() {
        // aws.endpointUrlDynamoDb is the SDK's system property for AWS_ENDPOINT_URL_DYNAMODB, as aws.region is for AWS_REGION
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start("standard-settings")) {
            AwsTestEnvironment.use(dynamoDb);
            try (RevocationStore store = new DynamoDbRevocationStoreFactory()
                    .create(key -> Optional.of("standard-settings").filter(value -> key.equals("auth.revocation.dynamodb.table")))) {
                String session = "s:" + UUID.randomUUID();
                store.revoke(session, Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T22:00:00Z"));

                assertThat(store.reachable()).isTrue();
                assertThat(dynamoDb.client().getItem(request -> request.tableName("standard-settings")
                        .key(Map.of("k", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(session)))).hasItem()).isTrue();
            } finally {
                AwsTestEnvironment.clear();
            }
        }
    }
}
