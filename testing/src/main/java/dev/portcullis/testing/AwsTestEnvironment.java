package dev.portcullis.testing;

import java.util.Map;

/**
 * Points the AWS SDK's default configuration at a local endpoint, through the system properties that stand for
 * {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or {@code AWS_ENDPOINT_URL_DYNAMODB} (a test cannot set its own environment
 * variables).
 */
public final class AwsTestEnvironment {

    /** The test's AWS secret access key: a secret, so it must never be logged either. */
    public static final String SECRET_ACCESS_KEY = "test-aws-secret-access-key-0123456789";

    private AwsTestEnvironment() {
    }

    /**
     * Sets the properties.
     *
     * @param store the local Secrets Manager
     */
    public static void use(LocalSecretsManager store) {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "AKIATESTACCESSKEY");
        System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
        System.setProperty("aws.endpointUrlSecretsManager", store.endpoint().toString());
    }

    /**
     * Sets the properties for a local DynamoDB; {@code aws.endpointUrlDynamoDb} is the SDK's own name for
     * {@code AWS_ENDPOINT_URL_DYNAMODB}.
     *
     * @param store the local DynamoDB
     */
    public static void use(LocalDynamoDb store) {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "AKIATESTACCESSKEY");
        System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
        System.setProperty("aws.endpointUrlDynamoDb", store.endpoint().toString());
    }

    /** Removes the properties. */
    public static void clear() {
        for (String key : new String[] {"aws.region", "aws.accessKeyId", "aws.secretAccessKey", "aws.endpointUrlSecretsManager",
                "aws.endpointUrlDynamoDb"}) {
            System.clearProperty(key);
        }
    }

    /**
     * The same settings as environment variables, for a child process.
     *
     * @param store the local Secrets Manager
     * @return the variables
     */
    public static Map<String, String> environment(LocalSecretsManager store) {
        return Map.of("AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIATESTACCESSKEY",
                "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY,
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", store.endpoint().toString());
    }

    /**
     * The settings for a local DynamoDB as environment variables, for a child process.
     *
     * @param store the local DynamoDB
     * @return the variables
     */
    public static Map<String, String> environment(LocalDynamoDb store) {
        return Map.of("AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIATESTACCESSKEY",
                "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY,
                "AWS_ENDPOINT_URL_DYNAMODB", store.endpoint().toString());
    }
}
