package dev.portcullis.secrets.aws;

import java.util.Map;

import dev.portcullis.testing.AwsTestEnvironment;
import dev.portcullis.testing.LocalSecretsManager;

import io.helidon.config.mp.MpConfigSources;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module on its own: any key of a Helidon MicroProfile configuration, Portcullis' or not, may name a secret, and
 * the real AWS SDK client reads it from a local endpoint that speaks the Secrets Manager protocol. The filter is
 * found by Helidon's configuration as any discovered filter is; nothing else of Portcullis is involved.
 */
class SecretsManagerConfigFilterTest {

    LocalSecretsManager store;

    @BeforeEach
    void start() {
        store = LocalSecretsManager.start();
        AwsTestEnvironment.use(store);
    }

    @AfterEach
    void stop() {
        AwsTestEnvironment.clear();
        store.close();
    }

    @Test
    void anyKeyOfTheApplicationMayNameASecretOrAFieldOfOne() {
        store.put("prod/db", "{\"user\":\"orders\",\"password\":\"db-password-0123\"}");
        store.put("prod/api-key", "api-key-4567");

        Config config = config(Map.of(
                "db.user", "aws-secretsmanager:prod/db#user",
                "db.password", "aws-secretsmanager:prod/db#password",
                "partner.api-key", "aws-secretsmanager:prod/api-key",
                "db.url", "jdbc:postgresql://localhost/orders"));

        assertThat(config.getValue("db.user", String.class)).isEqualTo("orders");
        assertThat(config.getValue("db.password", String.class)).isEqualTo("db-password-0123");
        assertThat(config.getValue("partner.api-key", String.class)).isEqualTo("api-key-4567");
        assertThat(config.getValue("db.url", String.class)).isEqualTo("jdbc:postgresql://localhost/orders");
    }

    @Test
    void aSecretIsReadOnceAndServedFromTheCacheAfterwards() {
        store.put("prod/api-key", "api-key-4567");
        Config config = config(Map.of("partner.api-key", "aws-secretsmanager:prod/api-key"));

        config.getValue("partner.api-key", String.class);
        config.getValue("partner.api-key", String.class);
        config.getValue("partner.api-key", String.class);

        assertThat(store.reads("prod/api-key")).isEqualTo(1);
    }

    private static Config config(Map<String, String> values) {
        // Helidon's MicroProfile Config builder always applies the discovered filters, this module's among them
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(values)).build();
    }
}
