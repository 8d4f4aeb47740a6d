package io.metaq.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import io.metaq.spi.store.FlushMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
    private static final Path BASE = Path.of("/opt/metaq");

    private static ResolvedConfig resolve(String yaml) {
        return BrokerConfigLoader.parse(yaml).resolve(BASE);
    }

    @Test
    void emptyFile_givesTheDocumentedDefaults() {
        ResolvedConfig c = resolve("");
        assertThat(c.brokerId()).isZero();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8123);
        assertThat(c.embeddedZooKeeper()).isTrue();
        assertThat(c.zkEmbeddedPort()).isEqualTo(2181);
        assertThat(c.zkRoot()).isEqualTo("/meta");
        assertThat(c.storeProvider()).isEqualTo("file");
        assertThat(c.transportProvider()).isEqualTo("netty");
        assertThat(c.dataDir()).isEqualTo(BASE.resolve("data"));
        assertThat(c.autoCreateTopics()).isTrue();
        assertThat(c.adminEnabled()).isTrue();
        assertThat(c.topicDefaults().partitions()).isEqualTo(4);
        assertThat(c.topicDefaults().logConfig().flushMode()).isEqualTo(FlushMode.GROUP);
        assertThat(c.maxMessageSize()).isEqualTo(1 << 20);
    }

    @Test
    void topicSection_overridesOnlyWhatItNames() {
        ResolvedConfig c = resolve("""
                topicDefaults: {partitions: 8, retention: 24h}
                topics:
                  bench: {flush: interval, segmentBytes: 256m}
                """);
        TopicConfig bench = c.topic("bench");
        assertThat(bench.partitions()).isEqualTo(8);
        assertThat(bench.logConfig().flushMode()).isEqualTo(FlushMode.INTERVAL);
        assertThat(bench.logConfig().segmentBytes()).isEqualTo(256L << 20);
        assertThat(bench.logConfig().retentionMs()).isEqualTo(24L * 3600 * 1000);
        assertThat(c.topic("other").partitions()).isEqualTo(8);
        assertThat(c.topic("other").name()).as("defaults handed out under the topic's name").isEqualTo("other");
    }

    @Test
    void admin_canBeDisabled_andItsKeysAreChecked() {
        assertThat(resolve("admin: {enabled: false}").adminEnabled()).isFalse();
        assertThat(resolve("admin: {enabled: true}").adminEnabled()).isTrue();
        assertThat(resolve("admin: {}").adminEnabled()).isTrue();
        assertThatThrownBy(() -> resolve("admin: {enable: false}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.enable");
        assertThatThrownBy(() -> resolve("admin: {enabled: maybe}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.enabled");
    }

    @Test
    void resolveTopic_checksLikeATopicsEntry_withBareFieldNames() {
        ResolvedConfig c = resolve("topicDefaults: {partitions: 8, flush: interval}");
        TopicConfig t = c.resolveTopic("", "made", new TopicSettings(3, null, null, null, null, "2d", null, null, null));
        assertThat(t.name()).isEqualTo("made");
        assertThat(t.partitions()).isEqualTo(3);
        assertThat(t.logConfig().flushMode()).isEqualTo(FlushMode.INTERVAL);
        assertThat(t.logConfig().retentionMs()).isEqualTo(2L * 86_400_000);
        assertThatThrownBy(() -> c.resolveTopic("", "made",
                new TopicSettings(2000, null, null, null, null, null, null, null, null)))
                .hasMessage("invalid configuration 'partitions': must be between 1 and 1024, was 2000");
        assertThatThrownBy(() -> c.resolveTopic("topics.x", "x",
                new TopicSettings(null, "never", null, null, null, null, null, null, null)))
                .hasMessageContaining("'topics.x.flush'");
    }

    @Test
    void unknownKey_failsNamingIt() {
        assertThatThrownBy(() -> resolve("broker: {prot: 9000}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker.prot");
        assertThatThrownBy(() -> resolve("topics:\n  t: {partitons: 2}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("partitons");
    }

    @Test
    void badValues_failNamingTheKey() {
        assertThatThrownBy(() -> resolve("broker: {id: 2000}")).hasMessageContaining("broker.id");
        assertThatThrownBy(() -> resolve("broker: {port: abc}")).hasMessageContaining("broker.port");
        assertThatThrownBy(() -> resolve("topics:\n  t: {flush: sometimes}")).hasMessageContaining("topics.t.flush");
        assertThatThrownBy(() -> resolve("topics:\n  t: {retention: soon}")).hasMessageContaining("topics.t.retention");
        assertThatThrownBy(() -> resolve("topics:\n  a/b: {}")).hasMessageContaining("topics.a/b");
        assertThatThrownBy(() -> resolve("limits: {maxMessageSize: 0}")).hasMessageContaining("limits.maxMessageSize");
        assertThatThrownBy(() -> resolve("zookeeper: {root: meta}")).hasMessageContaining("zookeeper.root");
        assertThatThrownBy(() -> resolve("broker: [")).isInstanceOf(ConfigException.class);
    }

    @Test
    void sizesAndDurations_parseTheirSuffixes() {
        assertThat(Sizes.bytes("k", "512k")).isEqualTo(512 * 1024);
        assertThat(Sizes.bytes("k", "1g")).isEqualTo(1L << 30);
        assertThat(Sizes.bytes("k", "-1")).isEqualTo(-1);
        assertThat(Sizes.millis("k", "168")).isEqualTo(168L * 3600 * 1000);
        assertThat(Sizes.millis("k", "30s")).isEqualTo(30_000);
        assertThat(Sizes.millis("k", "500ms")).isEqualTo(500);
        assertThat(Sizes.millis("k", "7d")).isEqualTo(7L * 86_400_000);
    }
}
