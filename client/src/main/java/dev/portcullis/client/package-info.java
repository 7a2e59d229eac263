/**
 * A typed MicroProfile REST client for the Portcullis API: {@link dev.portcullis.client.PortcullisApi} for
 * {@code /api/me} and {@code /api/admin}, answering {@link dev.portcullis.client.Caller}.
 * <p>
 * The access token travels as {@code Authorization: Bearer}: from a supplier the caller registers
 * ({@link dev.portcullis.client.BearerToken}), or, inside a JAX-RS service, the incoming request's own bearer token
 * ({@link dev.portcullis.client.IncomingBearerPropagation}, always on).
 */
package dev.portcullis.client;
