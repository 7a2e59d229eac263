package dev.portcullis.auth;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.portcullis.auth.spi.ProviderConfig;

/**
 * {@link ProviderConfig} over MicroProfile Config, for the keys {@code auth.<provider>.*}.
 */
final class MpProviderConfig implements ProviderConfig {

    private final String provider;
    private final ConfigValues values;

    MpProviderConfig(String provider, ConfigValues values) {
        this.provider = provider;
        this.values = values;
    }

    @Override
    public String providerName() {
        return provider;
    }

    @Override
    public String key(String name) {
        return "auth." + provider + "." + name;
    }

    @Override
    public Optional<String> value(String name) {
        return values.value(key(name));
    }

    @Override
    public String require(String name) {
        return values.require(key(name));
    }

    @Override
    public List<String> list(String name) {
        return values.list(key(name));
    }

    @Override
    public Optional<URI> url(String name) {
        return values.url(key(name));
    }

    @Override
    public Optional<URI> hostOrUrl(String name) {
        return values.hostOrUrl(key(name)).map(ConfigValues::withoutTrailingSlash);
    }

    @Override
    public String clientId() {
        return require("client-id");
    }

    @Override
    public Optional<String> audience() {
        Optional<String> audience = value("audience");
        if (audience.isPresent() && audience.get().equals(clientId())) {
            throw invalid("audience", "must name your API, not this client's id: ID tokens carry the client id");
        }
        return audience;
    }

    @Override
    public AuthConfigurationException invalid(String name, String problem) {
        return new AuthConfigurationException(key(name), problem);
    }
}
