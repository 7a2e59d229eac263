/**
 * The revocation store on DynamoDB ({@code auth.revocation.store=dynamodb}): revoked sessions and used logout tokens in
 * one table that every instance of the service reads, each item expiring by the table's time-to-live.
 */
package dev.portcullis.revocation.dynamodb;
