/**
 * The MicroProfile JWT guard on Helidon Security: one authentication provider for session cookies and
 * bearer tokens of every enabled provider, the {@code JsonWebToken} producer, and the mapping of security
 * refusals to HTTP answers. It runs inside Jersey, so it guards the same resources on the Helidon server and
 * behind the Lambda handler.
 */
package dev.portcullis.service.security;
