/**
 * Property-based HTTP fuzzing of an application guarded by Portcullis, with jqwik (an engine of the JUnit Platform
 * beside Jupiter; add {@code net.jqwik:jqwik} to the test class path to use this package).
 * <p>
 * {@link dev.portcullis.testing.fuzz.HttpFuzz} generates requests (every method, content type, body, query oddity,
 * {@code Authorization} value, cookie and cross-site header the suites combine) and malformed API Gateway events;
 * {@link dev.portcullis.testing.fuzz.RawHttp} sends a request to a Helidon server byte for byte, and
 * {@link dev.portcullis.testing.fuzz.LambdaEvents} turns it into an API Gateway REST (1.0) or HTTP API (2.0) event
 * for the Lambda handler. {@link dev.portcullis.testing.fuzz.ServerFuzzSuite} and
 * {@link dev.portcullis.testing.fuzz.LambdaFuzzSuite} hold the properties: a test class extends one and says where
 * the application runs ({@link dev.portcullis.testing.fuzz.FuzzTarget}).
 */
package dev.portcullis.testing.fuzz;
