package dev.portcullis.auth;

/**
 * A configuration value is missing or wrong. Thrown at start-up; its message is one line that names the
 * key to fix and never contains the value of a secret.
 */
public final class AuthConfigurationException extends AuthException {

    private final String key;

    /**
     * A problem with one key's value, for modules that read settings of their own (the Lambda handler's, say).
     *
     * @param key     the configuration key to fix
     * @param problem what is wrong with it, without its value when it may be a secret
     */
    public AuthConfigurationException(String key, String problem) {
        super(Reason.MISCONFIGURED, null, key + " (environment variable " + environmentName(key) + "): " + problem, null,
                // the message says everything; a stack trace would only bury the key to fix
                false);
        this.key = key;
    }

    /**
     * The environment variable that sets a key, by MicroProfile Config's mapping rule.
     *
     * @param key the configuration key
     * @return for example {@code AUTH_COGNITO_CLIENT_ID}
     */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The configuration key to fix.
     *
     * @return for example {@code auth.cognito.domain}
     */
    public String key() {
        return key;
    }
}
