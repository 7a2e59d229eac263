package dev.portcullis.client;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;

/**
 * Reads {@link Caller} from the API's JSON with JSON-P, so that the client needs no JSON-B implementation. Registered
 * on {@link PortcullisApi}; not for use on its own.
 */
@Consumes(MediaType.APPLICATION_JSON)
public final class CallerReader implements MessageBodyReader<Caller> {

    /**
     * For the REST client implementation.
     */
    public CallerReader() {
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Caller.class;
    }

    @Override
    public Caller readFrom(Class<Caller> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
        try (JsonReader reader = Json.createReader(entityStream)) {
            JsonObject json = reader.readObject();
            return new Caller(json.getString("sub"), json.getString("name"),
                    Optional.ofNullable(json.getString("email", null)), json.getString("provider"),
                    json.getJsonArray("groups").getValuesAs(JsonString::getString),
                    Instant.parse(json.getString("expires_at")),
                    Caller.Source.valueOf(json.getString("source").toUpperCase(Locale.ROOT)),
                    json.getBoolean("admin", false));
        } catch (JsonException | ClassCastException | NullPointerException | DateTimeParseException | IllegalArgumentException e) {
            throw new ProcessingException("the answer is not a Portcullis caller: " + e.getMessage(), e);
        }
    }
}
