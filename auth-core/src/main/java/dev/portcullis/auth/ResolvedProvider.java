package dev.portcullis.auth;

/**
 * A provider as its discovery document resolved it: its endpoints, its signing keys, and the token verifier built on
 * those keys. Replaced as a whole, never changed, so a reader always sees a verifier and the keys it uses together.
 *
 * @param endpoints the endpoints, after the provider's overrides
 * @param keys      the signing keys at its {@code jwks_uri}
 * @param verifier  validates its ID tokens and access tokens with those keys
 */
record ResolvedProvider(ProviderEndpoints endpoints, SigningKeys keys, TokenVerifier verifier) {
}
