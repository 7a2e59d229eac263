package dev.portcullis.auth.spi;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A provider's view of its configuration: the keys under {@code auth.<name>.}, read through
 * MicroProfile Config (so each is also settable as an environment variable, e.g.
 * {@code AUTH_COGNITO_DOMAIN}). Blank values count as absent.
 */
public interface ProviderConfig {

    /**
     * The provider name this configuration belongs to.
     *
     * @return for example {@code auth0}
     */
    String providerName();

    /**
     * The full configuration key of one of this provider's settings.
     *
     * @param name the setting, for example {@code domain}
     * @return for example {@code auth.auth0.domain}
     */
    String key(String name);

    /**
     * A setting's value.
     *
     * @param name the setting
     * @return its trimmed value, or empty when unset or blank
     */
    Optional<String> value(String name);

    /**
     * A setting that must be present.
     *
     * @param name the setting
     * @return its trimmed value
     * @throws RuntimeException the start-up error naming the key, when it is missing
     */
    String require(String name);

    /**
     * A comma-separated list setting.
     *
     * @param name the setting
     * @return its non-blank items, trimmed; empty when unset
     */
    List<String> list(String name);

    /**
     * An absolute URL setting: {@code https}, or plain {@code http} only to a loopback host; no query or
     * fragment.
     *
     * @param name the setting
     * @return the URL, or empty when unset
     * @throws RuntimeException the start-up error naming the key, when the value is not such a URL
     */
    Optional<URI> url(String name);

    /**
     * A setting that is either a host name ({@code https} assumed) or a full base URL, as Auth0 and Cognito
     * domains are given. The same rules as {@link #url(String)} apply; a trailing slash is removed.
     *
     * @param name the setting
     * @return the base URL without trailing slash, or empty when unset
     */
    Optional<URI> hostOrUrl(String name);

    /**
     * This service's client id at the provider ({@code auth.<name>.client-id}), which every provider has.
     *
     * @return the client id
     */
    String clientId();

    /**
     * The audience of this service's API ({@code auth.<name>.audience}): what bearer access tokens must carry in
     * {@code aud}. It must not be this client's id, which every ID token issued to the client carries as its
     * {@code aud}: such a setting would let ID tokens pass as access tokens.
     *
     * @return the API audience, or empty when unset
     * @throws RuntimeException the start-up error naming the key, when it equals the client id
     */
    Optional<String> audience();

    /**
     * The start-up error for a bad setting. Its message is one line: the key and what is wrong.
     *
     * @param name    the setting
     * @param problem what is wrong, for example {@code "must be an AWS region such as eu-west-1"}
     * @return the exception, for the caller to throw
     */
    RuntimeException invalid(String name, String problem);
}
