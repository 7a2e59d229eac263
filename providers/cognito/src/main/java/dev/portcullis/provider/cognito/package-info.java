/**
 * The Amazon Cognito provider module ({@code auth.provider=cognito}).
 */
package dev.portcullis.provider.cognito;
