package io.metaq.broker.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.metaq.api.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <dataDir>/topics.yaml}: the topics created through the admin extension (PROTOCOL-EXTENSIONS.md
 * E5), in the schema of {@code broker.yaml}'s {@code topics:} section, so that they come back at start.
 * Written by the broker only, atomically and durably (temporary file, fsync, rename, directory fsync);
 * read as strictly as {@code broker.yaml}. Stateless; callers serialise writes.
 */
public final class TopicsFile {
    public static final String FILE_NAME = "topics.yaml";

    private static final String HEADER = """
            # Topics created with the admin extension of the protocol (PROTOCOL-EXTENSIONS.md E5).
            # Written by the broker on every create-topic / delete-topic; read at start. Same keys as the
            # topics section of broker.yaml; a topic declared there as well takes its settings from there.
            """;
    private static final ObjectMapper WRITER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL));

    /** The file's content: {@code topics: {<name>: {<settings>}}}. */
    private record Content(@JsonProperty("topics") Map<String, TopicSettings> topics) {
    }

    private TopicsFile() {
    }

    /** {@code topics.yaml} in a data directory. */
    public static Path in(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * The topics of the file in file order; empty when it does not exist.
     *
     * @throws ConfigException naming the file and the key at fault (unknown key, wrong type, bad YAML)
     */
    public static Map<String, TopicSettings> read(Path file) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e);
        }
        JsonNode root;
        try {
            root = BrokerConfigLoader.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + " (syntax)", e.getOriginalMessage() + " at line "
                    + (e.getLocation() != null ? e.getLocation().getLineNr() : -1));
        }
        Map<String, TopicSettings> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new ConfigException(file + " (root)", "must be a mapping with a 'topics' key");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("topics")) {
                throw new ConfigException(file + " " + field, "unknown key; the file holds only 'topics'");
            }
        }
        JsonNode topics = root.get("topics");
        if (topics == null || topics.isNull()) {
            return out;
        }
        if (!topics.isObject()) {
            throw new ConfigException(file + " topics", "must be a mapping of topic name to settings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = topics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.put(e.getKey(), BrokerConfigLoader.topicSettings(file + " topics." + e.getKey(),
                    v == null || v.isNull() ? BrokerConfigLoader.yaml().createObjectNode() : v));
        }
        return out;
    }

    /** Replaces the file with {@code topics} (sorted by name), atomically and durably. */
    public static void write(Path file, Map<String, TopicSettings> topics) throws IOException {
        requireNonNull(file, "file is null");
        String yaml = HEADER + WRITER.writeValueAsString(new Content(new TreeMap<>(topics)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(yaml.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
