package io.metaq.broker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metaq.api.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads {@code broker.yaml} strictly: an unknown key or a value of the wrong type fails naming the key. */
public final class BrokerConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private BrokerConfigLoader() {
    }

    /** Loads and resolves a file; relative paths in it resolve against the file's directory's parent (the install dir). */
    public static ResolvedConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text).resolve(baseDir(file));
    }

    /**
     * The directory relative paths of a configuration file resolve against: the installation
     * directory (the parent of {@code conf/}) for a file in a directory named {@code conf}, else the
     * file's own directory.
     */
    public static Path baseDir(Path file) {
        Path base = file.toAbsolutePath().getParent();
        if (base != null && base.getFileName() != null && base.getFileName().toString().equals("conf")
                && base.getParent() != null) {
            base = base.getParent();
        }
        return base == null ? Path.of(".") : base;
    }

    /**
     * Reads a topic's settings from a tree (a JSON admin request, or one entry of {@code topics.yaml})
     * exactly as the {@code topics.<name>} entries of {@code broker.yaml} are read: same keys, same
     * strictness. Values are checked when resolved ({@link ResolvedConfig#resolveTopic}).
     *
     * @param key prefixed to the offending field in the exception, e.g. {@code topics.orders}; may be empty
     * @throws ConfigException naming the unknown field or the value of the wrong type
     */
    public static TopicSettings topicSettings(String key, JsonNode node) {
        try {
            TopicSettings s = YAML.treeToValue(node, TopicSettings.class);
            return s != null ? s : new TopicSettings(null, null, null, null, null, null, null, null, null);
        } catch (JsonMappingException e) {
            throw new ConfigException(join(key, path(e)), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(key.isEmpty() ? "(root)" : key, e.getOriginalMessage());
        }
    }

    static String join(String key, String field) {
        return key.isEmpty() ? field : field.isEmpty() ? key : key + "." + field;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The strict reader of {@code broker.yaml}, for the other files of the same schema ({@code topics.yaml}). */
    static ObjectMapper yaml() {
        return YAML;
    }

    /** Parses YAML text. */
    public static BrokerConfig parse(String yaml) {
        if (yaml.isBlank() || yaml.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
            return BrokerConfig.empty();
        }
        try {
            BrokerConfig c = YAML.readValue(yaml, BrokerConfig.class);
            return c != null ? c : BrokerConfig.empty();
        } catch (JsonMappingException e) {
            String key = path(e);
            throw new ConfigException(key.isEmpty() ? "(root)" : key, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException("(syntax)", e.getOriginalMessage() + " at line "
                    + (e.getLocation() != null ? e.getLocation().getLineNr() : -1));
        }
    }
}
