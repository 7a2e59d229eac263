package dev.portcullis.secrets.aws;

/**
 * A secret could not be read and no earlier value is cached. Its message names the secret and what went wrong,
 * never a value.
 */
final class SecretUnavailableException extends RuntimeException {

    SecretUnavailableException(SecretReference reference, String problem) {
        super(reference + ": " + problem, null, false, false);
    }
}
