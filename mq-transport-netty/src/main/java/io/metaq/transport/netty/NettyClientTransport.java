package io.metaq.transport.netty;

import static java.util.Objects.requireNonNull;

import io.metaq.api.MqException;
import io.metaq.spi.transport.ClientConnection;
import io.metaq.spi.transport.ClientTransport;
import io.metaq.spi.transport.TransportConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side: connections share one event-loop group (native epoll when available). Per connection
 * the pipeline is flush consolidation, {@link ResponseFrameDecoder} (bounded by {@code maxLineLength}
 * and {@code maxMessageSize}) and {@link ClientChannelHandler}. {@link #close()} closes every connection
 * and waits for the threads to stop. Thread-safe.
 */
public final class NettyClientTransport implements ClientTransport {
    private static final AttributeKey<NettyClientConnection> CONNECTION = AttributeKey.valueOf("metaq.connection");
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public NettyClientTransport(TransportConfig config) {
        NettySettings settings = NettySettings.of(requireNonNull(config, "config is null"));
        IoTransport io = IoTransport.choose(settings.epoll());
        group = io.newGroup(config.ioThreads(), "metaq-client-io");
        bootstrap = new Bootstrap()
                .group(group)
                .channel(io.channel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NettyClientConnection connection = new NettyClientConnection(ch);
                        ch.attr(CONNECTION).set(connection);
                        ch.pipeline()
                                .addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast("decoder", new ResponseFrameDecoder(config.maxLineLength(),
                                        config.maxMessageSize()))
                                .addLast("handler", new ClientChannelHandler(connection));
                    }
                });
    }

    @Override
    public CompletableFuture<ClientConnection> connect(InetSocketAddress address) {
        requireNonNull(address, "address is null");
        CompletableFuture<ClientConnection> result = new CompletableFuture<>();
        bootstrap.connect(address).addListener((io.netty.channel.ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                result.complete(f.channel().attr(CONNECTION).get());
            } else {
                result.completeExceptionally(new MqException("cannot connect to " + address + ": " + f.cause(),
                        f.cause()));
            }
        });
        return result;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
