package dev.portcullis.testing;

import java.net.URI;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local endpoint that speaks the AWS Secrets Manager JSON protocol ({@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, {@code application/x-amz-json-1.1}), on loopback, for the real AWS SDK client to
 * talk to: WireMock with a stub per secret.
 */
public final class LocalSecretsManager implements AutoCloseable {

    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String JSON = "application/x-amz-json-1.1";

    private final WireMockServer server;
    private URI endpoint;

    private LocalSecretsManager() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    }

    /**
     * Starts an empty store: every secret answers {@code ResourceNotFoundException} until it is put.
     *
     * @return the running store
     */
    public static LocalSecretsManager start() {
        LocalSecretsManager store = new LocalSecretsManager();
        store.server.start();
        store.endpoint = URI.create("http://127.0.0.1:" + store.server.port());
        store.server.stubFor(request().atPriority(10).willReturn(error(400, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.")));
        return store;
    }

    /** {@return the endpoint URL, for {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}} */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Stores (or replaces) a secret's string.
     *
     * @param secretId     the secret name
     * @param secretString its value
     */
    public void put(String secretId, String secretString) {
        String body = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:" + secretId + "-AbCdEf\","
                + "\"Name\":" + jsonString(secretId) + ",\"SecretString\":" + jsonString(secretString)
                + ",\"VersionId\":\"" + UUID.randomUUID() + "\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}";
        server.stubFor(forSecret(secretId).atPriority(1).willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body)));
    }

    /**
     * Makes a secret answer {@code AccessDeniedException}, as when the role lacks {@code secretsmanager:GetSecretValue}.
     *
     * @param secretId the secret name
     */
    public void deny(String secretId) {
        server.stubFor(forSecret(secretId).atPriority(1).willReturn(error(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/app is not authorized to perform: secretsmanager:GetSecretValue")));
    }

    /**
     * How many times a secret was asked for.
     *
     * @param secretId the secret name
     * @return the number of {@code GetSecretValue} calls for it
     */
    public int reads(String secretId) {
        return server.findAll(new RequestPatternBuilder(RequestMethod.POST, urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)))).size();
    }

    /** Stops answering: the endpoint refuses connections. */
    @Override
    public void close() {
        server.stop();
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder request() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder forSecret(String secretId) {
        return request().withRequestBody(matchingJsonPath("$.SecretId", equalTo(secretId)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", JSON)
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"Message\":" + jsonString(message) + "}");
    }

    private static String jsonString(String value) {
        return jakarta.json.Json.createValue(value).toString();
    }
}
