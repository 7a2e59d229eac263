package dev.portcullis.service.testing;

import dev.portcullis.testing.Browser;
import dev.portcullis.testing.TestProvider;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One read of the service's {@code /metrics} in the Prometheus text format, as series (name and labels) to value, for
 * asserting what an operator's scraper would see.
 */
public final class PrometheusScrape {

    /** A sample line: name, optional labels, value, optional timestamp. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** The label MicroProfile Metrics adds to every series: the same for all of this service's. */
    private static final String SCOPE_LABEL = "mp_scope";

    private final Map<String, Double> samples;

    private PrometheusScrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    /**
     * Reads the application's metrics.
     *
     * @param service the service
     * @return what it answered
     */
    public static PrometheusScrape of(TestProvider service) {
        HttpResponse<String> response = new Browser().send(Browser.request(service.url("/metrics?scope=application"))
                .header("Accept", "text/plain")
                .GET());
        assertThat(response.statusCode()).as("/metrics answered %s", response.body()).isEqualTo(200);
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            assertThat(sample.matches()).as("a Prometheus sample line: %s", line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            labels.remove(SCOPE_LABEL);
            if (labels.containsKey("quantile")) {
                // a timer's duration quantiles: they differ on every run
                continue;
            }
            samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
        }
        return new PrometheusScrape(samples);
    }

    /**
     * The name of one series as this class reports it.
     *
     * @param name   the Prometheus name, for example {@code portcullis_logins_started_total}
     * @param labels label names and values, in pairs
     * @return for example {@code portcullis_logins_started_total{provider="oidc"}}
     */
    public static String series(String name, String... labels) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return key(name, map);
    }

    /**
     * One series' value.
     *
     * @param series a name from {@link #series(String, String...)}
     * @return the value, 0 when the series does not exist (yet)
     */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /**
     * Every series with this prefix whose value changed since an earlier read, and by how much. Durations (a timer's
     * {@code _sum}, {@code _max} and quantiles) are left out: they differ on every run.
     *
     * @param before the earlier read
     * @param prefix a name prefix, for example {@code portcullis_}
     * @return series to increase
     */
    public Map<String, Double> changesSince(PrometheusScrape before, String prefix) {
        Map<String, Double> changes = new TreeMap<>();
        samples.forEach((series, value) -> {
            String name = series.substring(0, series.indexOf('{') < 0 ? series.length() : series.indexOf('{'));
            if (name.startsWith(prefix) && !name.endsWith("_sum") && !name.endsWith("_max") && value != before.value(series)) {
                changes.put(series, value - before.value(series));
            }
        });
        return changes;
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        labels.forEach((label, value) -> key.append(label).append("=\"").append(value).append("\","));
        key.setLength(key.length() - 1);
        return key.append('}').toString();
    }

    @Override
    public String toString() {
        return samples.toString();
    }
}
