package dev.portcullis.service.revocation;

import dev.portcullis.testing.AwsTestEnvironment;
import dev.portcullis.testing.LocalDynamoDb;
import dev.portcullis.testing.TestProvider;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth.revocation.on-outage=deny}: a session gets 503; the instance reports itself not ready.
 */
@HelidonTest
class RevocationOutageDenyTest extends RevocationOutageContract {

    static final LocalDynamoDb TABLE = LocalDynamoDb.start();

    static {
        AwsTestEnvironment.use(TABLE);
    }

    @RegisterExtension
    static final TestProvider SERVICE = TestProvider.builder().providers("oidc")
            .setting("auth.revocation.store", "dynamodb")
            .setting("auth.revocation.dynamodb.table", TABLE.table())
            .setting("auth.revocation.max-staleness", "PT0S")
            .setting("auth.revocation.on-outage", "deny")
            .build();

    @AfterAll
    static void stopTable() {
        TABLE.close();
        AwsTestEnvironment.clear();
    }

    @Override
    TestProvider service() {
        return SERVICE;
    }

    @Override
    LocalDynamoDb table() {
        return TABLE;
    }

    @Override
    int statusWhileDown() {
        return 503;
    }

    @Override
    int readinessWhileDown() {
        return 503;
    }
}
