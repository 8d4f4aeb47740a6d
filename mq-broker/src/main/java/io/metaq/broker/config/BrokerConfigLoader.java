package io.metaq.broker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
        Path base = file.toAbsolutePath().getParent();
        if (base != null && base.getFileName() != null && base.getFileName().toString().equals("conf")
                && base.getParent() != null) {
            base = base.getParent();
        }
        return parse(text).resolve(base == null ? Path.of(".") : base);
    }

    /** Parses YAML text. */
    public static BrokerConfig parse(String yaml) {
        if (yaml.isBlank() || yaml.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
            return new BrokerConfig(null, null, null, null, null, null, null, null);
        }
        try {
            BrokerConfig c = YAML.readValue(yaml, BrokerConfig.class);
            return c != null ? c : new BrokerConfig(null, null, null, null, null, null, null, null);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new ConfigException(key.isEmpty() ? "(root)" : key, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException("(syntax)", e.getOriginalMessage() + " at line "
                    + (e.getLocation() != null ? e.getLocation().getLineNr() : -1));
        }
    }
}
