/**
 * What an application may replace in Portcullis' Helidon integration without forking it: the pages it answers
 * browsers with ({@link dev.portcullis.helidon.spi.SignInPages}), as a CDI alternative.
 */
package dev.portcullis.helidon.spi;
