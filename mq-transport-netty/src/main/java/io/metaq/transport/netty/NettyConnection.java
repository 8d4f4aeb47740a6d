package io.metaq.transport.netty;

import io.metaq.spi.transport.Connection;
import io.netty.channel.Channel;
import java.net.SocketAddress;

/** A server-side connection: a channel and its id. Thread-safe. */
final class NettyConnection implements Connection {
    private final long id;
    private final Channel channel;

    NettyConnection(long id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "connection#" + id + " " + channel.remoteAddress();
    }
}
