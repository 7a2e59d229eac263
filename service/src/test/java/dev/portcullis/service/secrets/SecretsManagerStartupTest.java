package dev.portcullis.service.secrets;

import java.util.HashMap;
import java.util.Map;

import dev.portcullis.testing.AwsTestEnvironment;
import dev.portcullis.testing.LocalSecretsManager;
import dev.portcullis.service.testing.ServiceProcess;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged way: a fresh service process configured by environment variables alone, its AWS SDK client pointed at
 * a local Secrets Manager with {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. A secret that cannot be read stops start-up
 * with one line naming the configuration key and the secret, never its value.
 */
class SecretsManagerStartupTest {

    @Test
    void aMissingSecretStopsStartUpWithOneLineNamingTheKeyAndTheSecret() {
        try (LocalSecretsManager store = LocalSecretsManager.start()) {
            store.put("prod/session", "c2VjcmV0LXNlc3Npb24ta2V5LXRoYXQtbXVzdC1ub3QtbGVhaw==");
            Map<String, String> environment = new HashMap<>(AwsTestEnvironment.environment(store));
            environment.putAll(Map.of(
                    "AUTH_PROVIDER", "cognito",
                    "AUTH_BASE_URL", "https://app.example.com",
                    "AUTH_SESSION_SECRET", "aws-secretsmanager:prod/session",
                    "AUTH_COGNITO_REGION", "eu-west-1",
                    "AUTH_COGNITO_USER_POOL_ID", "eu-west-1_AbCdEf123",
                    "AUTH_COGNITO_DOMAIN", "login.example.com",
                    "AUTH_COGNITO_CLIENT_ID", "client",
                    "AUTH_COGNITO_CLIENT_SECRET", "aws-secretsmanager:prod/cognito#client_secret"));

            ServiceProcess service = ServiceProcess.runUntilExit(environment);

            assertThat(service.exited()).as("it printed:%n%s", service.output()).isTrue();
            assertThat(service.exitCode()).isNotZero();
            assertThat(service.meaningfulLines()).singleElement().asString()
                    .contains("auth.cognito.client-secret (environment variable AUTH_COGNITO_CLIENT_SECRET): could not be read: "
                            + "secret prod/cognito (field client_secret): ResourceNotFoundException (HTTP 400)");
            assertThat(store.reads("prod/session")).as("the session key was read from the store first").isEqualTo(1);
            assertThat(service.output()).doesNotContain("c2VjcmV0LXNlc3Npb24ta2V5", AwsTestEnvironment.SECRET_ACCESS_KEY);
        }
    }
}
