package dev.portcullis.secrets.aws;

import java.util.Objects;
import java.util.Optional;

/**
 * A configuration value that names a secret instead of holding one: {@code aws-secretsmanager:ID} or
 * {@code aws-secretsmanager:ID#field}, where ID is a secret name or ARN. Secret names and ARNs cannot contain
 * {@code #}, so the last {@code #} separates the field.
 *
 * @param secretId the secret's name or ARN
 * @param field    the member of a JSON {@code SecretString} to take, or empty for the whole string
 */
record SecretReference(String secretId, Optional<String> field) {

    static final String PREFIX = "aws-secretsmanager:";

    SecretReference {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(field, "field");
        if (secretId.isBlank()) {
            throw new IllegalArgumentException("a secret reference needs a secret id: " + PREFIX + "ID or " + PREFIX + "ID#field");
        }
    }

    /**
     * Reads a configuration value.
     *
     * @param value the value as configured
     * @return the reference, or empty when the value is an ordinary value
     */
    static Optional<SecretReference> parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String reference = value.substring(PREFIX.length()).trim();
        int hash = reference.lastIndexOf('#');
        if (hash < 0) {
            return Optional.of(new SecretReference(reference, Optional.empty()));
        }
        String field = reference.substring(hash + 1);
        if (field.isBlank()) {
            throw new IllegalArgumentException("the field after # is empty in " + PREFIX + reference);
        }
        return Optional.of(new SecretReference(reference.substring(0, hash), Optional.of(field)));
    }

    @Override
    public String toString() {
        return "secret " + secretId + field.map(f -> " (field " + f + ")").orElse("");
    }
}
