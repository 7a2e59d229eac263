package dev.portcullis.auth;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.Scope;

/**
 * The outgoing clients, {@code auth.clients.<name>.*}, each built from its configuration when first named (by the
 * host at start-up, for the clients its REST clients name) and kept. Keys: {@code .client-id} and
 * {@code .client-secret} (required; the secret may be an {@code aws-secretsmanager:} value), {@code .provider} (an
 * enabled provider; default {@code auth.provider}), {@code .scopes} (space- or comma-separated), {@code .audience}
 * (Auth0's API identifier; the exchanged token's audience), {@code .grant} ({@code client-credentials}, the default, or
 * {@code token-exchange}). Thread-safe.
 */
final class OutgoingClients {

    /** A client's name: one segment of a configuration key. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final ConfigValues values;
    private final AuthSettings settings;
    private final ProviderRegistry providers;
    private final Clock clock;
    private final Map<String, OutgoingClient> clients = new ConcurrentHashMap<>();

    OutgoingClients(ConfigValues values, AuthSettings settings, ProviderRegistry providers, Clock clock) {
        this.values = values;
        this.settings = settings;
        this.providers = providers;
        this.clock = clock;
    }

    /**
     * The client of that name.
     *
     * @throws AuthConfigurationException naming the first of its keys that is missing or wrong
     */
    OutgoingClient client(String name) {
        OutgoingClient known = clients.get(name);
        return known != null ? known : clients.computeIfAbsent(name, this::configured);
    }

    /** Whether each client built so far was accepted by its provider the last time it was asked. */
    Map<String, Boolean> readiness() {
        Map<String, Boolean> readiness = new TreeMap<>();
        clients.forEach((name, client) -> readiness.put(name, !client.refused()));
        return readiness;
    }

    /** Drops every client's token. */
    void forgetTokens() {
        clients.values().forEach(OutgoingClient::forgetToken);
    }

    private OutgoingClient configured(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AuthConfigurationException("auth.clients." + name, "an outgoing client's name must be letters, digits, '-' or '_'");
        }
        String prefix = "auth.clients." + name + ".";
        String providerName = values.value(prefix + "provider").orElse(settings.defaultProvider());
        ProviderClient provider = providers.find(providerName).orElseThrow(() -> new AuthConfigurationException(prefix + "provider",
                "names provider '" + providerName + "', which is not enabled (" + AuthSettings.PROVIDERS + ")"));
        String clientId = values.require(prefix + "client-id");
        String secretKey = prefix + "client-secret";
        values.require(secretKey);
        ClientCredentials credentials = new ClientCredentials(providerName, clientId, () -> values.require(secretKey), secretKey,
                providers.rotation());
        String scopes = String.join(" ", values.list(prefix + "scopes").stream().flatMap(s -> Arrays.stream(s.split("\\s+"))).toList());
        OutgoingClient.Grant grant = switch (values.value(prefix + "grant").orElse("client-credentials")) {
            case "client-credentials" -> OutgoingClient.Grant.CLIENT_CREDENTIALS;
            case "token-exchange" -> OutgoingClient.Grant.TOKEN_EXCHANGE;
            default -> throw new AuthConfigurationException(prefix + "grant", "must be client-credentials or token-exchange");
        };
        return new OutgoingClient(name, provider, credentials, grant, scopes.isBlank() ? null : Scope.parse(scopes),
                values.value(prefix + "audience"), clock);
    }
}
