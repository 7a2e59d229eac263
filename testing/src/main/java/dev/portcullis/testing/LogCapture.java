package dev.portcullis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every log record of this JVM at every level, formatted as it would be printed (message, parameters and
 * stack traces), for asserting what never reaches a log. The embedded OpenID provider's own loggers are left out:
 * they are the provider's logs, not this service's.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final List<String> FOREIGN = List.of("no.nav.", "mockwebserver3", "okhttp3", "com.github.tomakehurst", "wiremock");

    /** Loggers whose level is opened to ALL, besides those the logging configuration names. */
    private static final List<String> OPENED = List.of("", "dev.portcullis", "software.amazon.awssdk", "io.helidon",
            "org.glassfish.jersey", "org.jboss.weld");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Formatter formatter = new SimpleFormatter();
    /** Strong references: java.util.logging forgets loggers nobody holds, and with them their level. */
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();

    private LogCapture() {
        setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            // keep the console readable: capturing everything must not print everything
            if (handler.getLevel().intValue() < Level.INFO.intValue()) {
                handler.setLevel(Level.INFO);
            }
        }
        Set<String> names = new LinkedHashSet<>(OPENED);
        names.addAll(configuredLoggers());
        Collections.list(LogManager.getLogManager().getLoggerNames()).forEach(names::add);
        for (String name : names) {
            Logger logger = Logger.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        root.addHandler(this);
    }

    /** The loggers logging.properties sets a level for: opened too, or their level would hide what they log. */
    private static Set<String> configuredLoggers() {
        Properties properties = new Properties();
        try (InputStream in = LogCapture.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.endsWith(".level") && !key.contains("Handler") && !key.contains("Formatter")) {
                names.add(key.substring(0, key.length() - ".level".length()));
            }
        }
        return names;
    }

    /**
     * Starts capturing.
     *
     * @return the capture; close it to stop
     */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** {@return everything captured so far, one formatted record per element} */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (FOREIGN.stream().noneMatch(logger::startsWith)) {
            lines.add(logger + " " + formatter.format(record));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        previousLevels.forEach(Logger::setLevel);
    }
}
