package dev.portcullis.service.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * An AWS SAM template read as data: CloudFormation's short-form functions ({@code !Ref X}, {@code !Sub '...'},
 * {@code !If [...]}) become one-entry maps ({@code {"!Ref": "X"}}), as their long form would be.
 *
 * @param root the template
 */
public record SamTemplate(Map<String, Object> root) {

    /**
     * Reads a template.
     *
     * @param path the template file
     * @return the template
     */
    public static SamTemplate read(Path path) {
        LoaderOptions options = new LoaderOptions();
        options.setTagInspector(tag -> true);
        Yaml yaml = new Yaml(new CloudFormationConstructor(options));
        try (Reader reader = Files.newBufferedReader(path)) {
            return new SamTemplate(yaml.load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The properties of the one {@code AWS::Serverless::Function}.
     *
     * @return its properties
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> function() {
        Map<String, Object> resources = (Map<String, Object>) root.get("Resources");
        List<Map<String, Object>> functions = resources.values().stream()
                .map(resource -> (Map<String, Object>) resource)
                .filter(resource -> "AWS::Serverless::Function".equals(resource.get("Type")))
                .toList();
        if (functions.size() != 1) {
            throw new AssertionError("expected one function, found " + functions.size());
        }
        return (Map<String, Object>) functions.get(0).get("Properties");
    }

    /**
     * The function's environment variables.
     *
     * @return name to value (a string, or a short-form function)
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> environment() {
        return (Map<String, Object>) ((Map<String, Object>) function().get("Environment")).get("Variables");
    }

    /** Builds short-form CloudFormation functions as one-entry maps. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue();
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> throw new IllegalArgumentException("unknown node " + node);
                    };
                    Map<String, Object> function = new LinkedHashMap<>();
                    function.put(tag, value);
                    return function;
                }
            });
        }
    }
}
