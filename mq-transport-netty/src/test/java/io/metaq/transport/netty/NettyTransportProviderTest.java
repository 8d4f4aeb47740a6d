package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ServerTransport;
import io.metaq.spi.transport.TransportConfig;
import io.metaq.spi.transport.TransportProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provider is found through its META-INF/services entry, by name. */
class NettyTransportProviderTest {
    @Test
    void registry_findsNettyByName_andItServes() throws Exception {
        TransportProvider provider = ProviderRegistry.load(TransportProvider.class,
                NettyTransportProviderTest.class.getClassLoader()).get("netty");
        assertThat(provider).isInstanceOf(NettyTransportProvider.class);
        TransportConfig config = new TransportConfig("127.0.0.1", 0, 1024, 256, 10, 0, 1, Map.of());
        try (ServerTransport server = provider.createServer(config, new TestingRequestHandler());
                var client = provider.createClient(config)) {
            server.start();
            var connection = client.connect(server.localAddress()).get(5, java.util.concurrent.TimeUnit.SECONDS);
            var response = (ResultResponse) connection.send(new io.metaq.spi.transport.VersionRequest(0), 5_000)
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.text()).isEqualTo(TestingRequestHandler.VERSION);
            connection.close();
        }
    }
}
