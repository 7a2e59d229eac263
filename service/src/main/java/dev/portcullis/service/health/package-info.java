/**
 * MicroProfile Health checks: liveness (the process serves) and readiness (every enabled provider's discovery document
 * and signing keys have been fetched). Helidon serves them at {@code /health}, {@code /health/live} and
 * {@code /health/ready} on its web server; the Lambda handler answers the same paths with the same checks.
 */
package dev.portcullis.service.health;
