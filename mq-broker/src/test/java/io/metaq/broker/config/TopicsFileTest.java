package io.metaq.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsFileTest {
    @TempDir
    Path dir;

    @Test
    void read_missingFile_isEmpty() {
        assertThat(TopicsFile.read(TopicsFile.in(dir))).isEmpty();
    }

    @Test
    void write_thenRead_roundTripsOnlyTheGivenSettings_sortedByName() throws Exception {
        Map<String, TopicSettings> topics = new LinkedHashMap<>();
        topics.put("zeta", new TopicSettings(2, null, null, null, null, null, null, null, null));
        topics.put("alpha", new TopicSettings(8, "interval", 500, 200L, "64m", "-1", "10g", true, false));
        Path file = TopicsFile.in(dir);

        TopicsFile.write(file, topics);

        String text = Files.readString(file);
        assertThat(text).startsWith("# Topics created with the admin extension")
                .doesNotContain("null").doesNotContain("---");
        assertThat(text.indexOf("alpha:")).isLessThan(text.indexOf("zeta:"));
        assertThat(TopicsFile.read(file)).isEqualTo(topics);
        assertThat(dir.resolve("topics.yaml.tmp")).doesNotExist();
        // The same schema as broker.yaml's topics section: the file is a valid broker.yaml fragment.
        ResolvedConfig c = BrokerConfigLoader.parse(text).resolve(dir);
        assertThat(c.topics()).containsOnlyKeys("alpha", "zeta");
        assertThat(c.topics().get("alpha").acceptSubscribe()).isFalse();
    }

    @Test
    void write_emptyMap_readsBackEmpty() throws Exception {
        Path file = TopicsFile.in(dir);
        TopicsFile.write(file, Map.of());
        assertThat(TopicsFile.read(file)).isEmpty();
    }

    @Test
    void read_isAsStrictAsBrokerYaml() throws Exception {
        Path file = TopicsFile.in(dir);
        Files.writeString(file, "topics:\n  t: {partitons: 2}\n");
        assertThatThrownBy(() -> TopicsFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.yaml topics.t.partitons");
        Files.writeString(file, "topic:\n  t: {partitions: 2}\n");
        assertThatThrownBy(() -> TopicsFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topic");
        Files.writeString(file, "topics: [\n");
        assertThatThrownBy(() -> TopicsFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("syntax");
    }
}
