package dev.portcullis.helidon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MediaType;

/**
 * The form of a {@code POST} to a sign-in endpoint, read by hand rather than by JAX-RS's {@code @FormParam}, which
 * fails the request with a 500 for any body that is not {@code application/x-www-form-urlencoded} (no
 * {@code Content-Type} at all, as {@code fetch(url, {method: 'POST'})} and {@code curl -X POST} send, or an unknown
 * charset). Here: no {@code Content-Type} or the form type, in UTF-8 (or ASCII, or ISO-8859-1), at most
 * {@value #MAX_BYTES} bytes, each field at most once; anything else is {@link Unreadable}, with the status to answer.
 */
final class FormBody {

    /**
     * The most a refresh form may hold: room for a refresh token too long to be one (over 8,192 characters), so that it
     * is answered 400 for what it is; a larger body is not read.
     */
    static final int MAX_BYTES = 32 * 1024;

    /**
     * The charsets a form may declare: UTF-8 and its ASCII subset, and ISO-8859-1, which AWS's container library names
     * on every form it hands on (a form's percent-encoded text is the same bytes in all three).
     */
    private static final Map<String, Charset> CHARSETS = Map.of(
            "utf-8", StandardCharsets.UTF_8, "us-ascii", StandardCharsets.US_ASCII, "iso-8859-1", StandardCharsets.ISO_8859_1);

    private FormBody() {
    }

    /**
     * Reads the form.
     *
     * @param contentType the request's {@code Content-Type} header, if it has one
     * @param body        the request body
     * @return the fields, by name
     * @throws Unreadable when the body is not such a form
     */
    static Map<String, String> read(Optional<String> contentType, InputStream body) {
        Charset charset = StandardCharsets.UTF_8;
        if (contentType.isPresent()) {
            MediaType type;
            try {
                type = MediaType.valueOf(contentType.get());
            } catch (IllegalArgumentException e) {
                throw new Unreadable(400, "The Content-Type header cannot be read.");
            }
            if (!type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE) || type.isWildcardType() || type.isWildcardSubtype()) {
                throw new Unreadable(415, "Send the form as application/x-www-form-urlencoded, or send no body.");
            }
            String declared = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            if (declared != null) {
                charset = CHARSETS.get(declared.toLowerCase(Locale.ROOT));
                if (charset == null) {
                    throw new Unreadable(400, "The form's charset must be UTF-8.");
                }
            }
        }
        String text = text(bytes(body), charset);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (fields.putIfAbsent(name, value) != null) {
                throw new Unreadable(400, "The form names " + (name.length() <= 32 ? name : "a field") + " more than once.");
            }
        }
        return fields;
    }

    private static byte[] bytes(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try (body) {
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new Unreadable(413, "The form is too large.");
            }
            return bytes;
        } catch (IOException | UncheckedIOException e) {
            // the client went away or sent a broken body: nothing the server did wrong
            throw new Unreadable(400, "The form could not be read.");
        } catch (Unreadable e) {
            throw e;
        } catch (RuntimeException e) {
            // the web server's own refusal of a body it cannot frame (a Content-Length that is not a length, a chunk
            // size that is not hex), thrown from the stream: the client's, never a server error
            throw new Unreadable(400, "The form could not be read.");
        }
    }

    private static String text(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable(400, "The form is not " + charset.name() + ".");
        }
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(400, "The form's percent-encoding is broken.");
        }
    }

    /** A body that is not a form this endpoint reads. */
    static final class Unreadable extends RuntimeException {

        private final int status;

        Unreadable(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** @return the status to answer with: 400, 413 or 415 */
        int status() {
            return status;
        }
    }
}
