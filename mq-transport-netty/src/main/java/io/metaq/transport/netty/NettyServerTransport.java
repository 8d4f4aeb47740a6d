package io.metaq.transport.netty;

import static java.util.Objects.requireNonNull;

import io.metaq.api.MqException;
import io.metaq.spi.transport.RequestHandler;
import io.metaq.spi.transport.ServerTransport;
import io.metaq.spi.transport.TransportConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MetaQ text protocol server. Per connection the pipeline is: flush consolidation, idle timeout
 * (when configured), {@link RequestFrameDecoder}, {@link ServerChannelHandler}. Connections beyond
 * {@code maxConnections} are closed as they are accepted. One event-loop group (native epoll when
 * available) both accepts and serves. {@link #start()} and {@link #close()} may be called from any
 * thread, but not from an event-loop thread of this server.
 */
public final class NettyServerTransport implements ServerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServerTransport.class);
    /** After this many flushes in one read burst, flush for real (FlushConsolidationHandler's default). */
    private static final int FLUSH_AFTER = 256;
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final NettySettings settings;
    private final RequestHandler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private EventLoopGroup group;
    private Channel serverChannel;
    private volatile InetSocketAddress boundAddress;
    private boolean started;
    private boolean closed;

    public NettyServerTransport(TransportConfig config, RequestHandler handler) {
        this.settings = NettySettings.of(requireNonNull(config, "config is null"));
        this.handler = requireNonNull(handler, "handler is null");
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("server transport already " + (closed ? "closed" : "started"));
        }
        started = true;
        TransportConfig c = settings.config();
        IoTransport io = IoTransport.choose(settings.epoll());
        group = io.newGroup(c.ioThreads(), "metaq-server-io");
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(io.serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.lowWaterMark(), settings.highWaterMark()))
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, SizeEstimator.INSTANCE)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        ChannelFuture bind = b.bind(c.host(), c.port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdownGroup();
            throw new MqException("cannot listen on " + c.host() + ":" + c.port() + ": " + bind.cause(), bind.cause());
        }
        serverChannel = bind.channel();
        boundAddress = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("listening on {} ({}, {} max connections, idle timeout {} ms)", boundAddress, io,
                c.maxConnections(), c.idleTimeoutMs());
    }

    private void accept(SocketChannel ch) {
        TransportConfig c = settings.config();
        if (connections.incrementAndGet() > c.maxConnections()) {
            connections.decrementAndGet();
            LOG.warn("refusing connection from {}: {} connections open (maxConnections)", ch.remoteAddress(),
                    c.maxConnections());
            ch.close();
            return;
        }
        channels.add(ch);
        ch.closeFuture().addListener(f -> {
            channels.remove(ch);
            connections.decrementAndGet();
        });
        NettyConnection connection = new NettyConnection(connectionIds.incrementAndGet(), ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("flush", new FlushConsolidationHandler(FLUSH_AFTER, true));
        if (c.idleTimeoutMs() > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, c.idleTimeoutMs(), TimeUnit.MILLISECONDS));
        }
        p.addLast("decoder", new RequestFrameDecoder(c.maxLineLength(), c.maxMessageSize(), settings.maxBatchSize()));
        p.addLast("handler", new ServerChannelHandler(handler, connection));
    }

    @Override
    public InetSocketAddress localAddress() {
        InetSocketAddress a = boundAddress;
        if (a == null) {
            throw new IllegalStateException("server transport not started");
        }
        return a;
    }

    @Override
    public int connectionCount() {
        return connections.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        for (Channel ch : channels) {
            ch.close();
        }
        shutdownGroup();
        LOG.info("stopped listening on {}", boundAddress);
    }

    private void shutdownGroup() {
        if (group != null && !group.shutdownGracefully(0, 2, TimeUnit.SECONDS)
                .awaitUninterruptibly(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("server event loops did not stop within {} s", SHUTDOWN_WAIT_SECONDS);
        }
    }
}
