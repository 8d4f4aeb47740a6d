package io.metaq.transport.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Native epoll when it is available (and not switched off), else NIO: the event loops and channel classes. */
enum IoTransport {
    EPOLL(EpollServerSocketChannel.class, EpollSocketChannel.class),
    NIO(NioServerSocketChannel.class, NioSocketChannel.class);

    private static final Logger LOG = LoggerFactory.getLogger(IoTransport.class);

    final Class<? extends ServerSocketChannel> serverChannel;
    final Class<? extends SocketChannel> channel;

    IoTransport(Class<? extends ServerSocketChannel> serverChannel, Class<? extends SocketChannel> channel) {
        this.serverChannel = serverChannel;
        this.channel = channel;
    }

    static IoTransport choose(boolean epollWanted) {
        if (!epollWanted) {
            return NIO;
        }
        if (Epoll.isAvailable()) {
            return EPOLL;
        }
        LOG.info("native epoll unavailable ({}); using NIO", String.valueOf(Epoll.unavailabilityCause()));
        return NIO;
    }

    /** @param threads 0 for Netty's default (twice the number of cores) */
    MultiThreadIoEventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }
}
