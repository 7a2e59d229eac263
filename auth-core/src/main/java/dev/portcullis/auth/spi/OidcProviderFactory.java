package dev.portcullis.auth.spi;

/**
 * Builds one kind of {@link OidcProvider} from configuration. Implementations are found with
 * {@link java.util.ServiceLoader}, the same way on every runtime.
 */
public interface OidcProviderFactory {

    /**
     * The provider's name: the value of {@code auth.provider} that selects it and the middle part of its
     * configuration keys ({@code auth.<name>.*}). Lower case letters, digits and dashes.
     *
     * @return the provider name, for example {@code cognito}
     */
    String name();

    /**
     * The settings this provider reads, as names under {@code auth.<name>.}: for example {@code domain}. Every provider
     * also has {@code client-id} and {@code client-secret}, which need not be listed. Used to tell a known setting from
     * a typo, and to check deployment templates.
     *
     * @return the setting names
     */
    java.util.Set<String> settingNames();

    /**
     * Builds the provider. Reads only through {@code config}; reports any problem with
     * {@link ProviderConfig#invalid(String, String)} so that start-up fails with one line naming the key.
     *
     * @param config this provider's configuration, {@code auth.<name>.*}
     * @return the provider, immutable and thread-safe
     */
    OidcProvider create(ProviderConfig config);
}
