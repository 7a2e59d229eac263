/**
 * Configuration values from AWS Secrets Manager: any configuration value of the form
 * {@code aws-secretsmanager:SECRET_ID_OR_ARN} (the whole {@code SecretString}) or
 * {@code aws-secretsmanager:SECRET_ID_OR_ARN#field} (one field of a JSON {@code SecretString}) is replaced by the
 * secret, read with the AWS SDK v2 and cached. Works wherever Helidon's MicroProfile Config does: on the Helidon
 * server and on Lambda.
 */
package dev.portcullis.secrets.aws;
