package io.metaq.transport.netty;

import io.metaq.spi.store.FileRegionView;
import io.netty.channel.DefaultFileRegion;

/**
 * Sends a {@link FileRegionView} with {@code sendfile}. It extends {@link DefaultFileRegion} only because
 * Netty's epoll transport uses native {@code sendfile} for that class alone (any other
 * {@link io.netty.channel.FileRegion} goes through {@code FileChannel.transferTo} into a non-JDK channel,
 * which the JDK serves by copying through a user-space buffer). {@link #deallocate()} is overridden so
 * the store's channel is never closed: releasing the region closes the view (exactly once, however the
 * write ends — sent, failed, or discarded with a closed connection), and the store owns the channel.
 */
final class ViewFileRegion extends DefaultFileRegion {
    private final FileRegionView view;

    ViewFileRegion(FileRegionView view) {
        super(view.channel(), view.position(), view.size());
        this.view = view;
    }

    @Override
    protected void deallocate() {
        view.close();
    }
}
