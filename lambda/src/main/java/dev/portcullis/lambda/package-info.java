/**
 * The service on AWS Lambda: the same JAX-RS application, CDI beans, MicroProfile Config and Helidon Security as on
 * the Helidon server, behind API Gateway REST (payload 1.0) and HTTP API (payload 2.0) events, through
 * aws-serverless-java-container-jersey. Handler: {@code dev.portcullis.lambda.LambdaHandler::handleRequest}.
 */
package dev.portcullis.lambda;
