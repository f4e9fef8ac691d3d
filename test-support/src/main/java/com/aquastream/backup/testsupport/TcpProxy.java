package com.aquastream.backup.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on a free loopback port in front of a real server, for outage tests: the server stays real, the
 * test decides when the network between it and the client breaks. Modes: pass everything; cut every connection
 * after a number of client bytes (an upload dying midway); refuse (close at once).
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile long cutAfterBytes = Long.MAX_VALUE;
    private volatile boolean running = true;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of an {@code http://host:port} endpoint. */
    public static TcpProxy inFrontOf(String url) throws IOException {
        java.net.URI uri = java.net.URI.create(url);
        return new TcpProxy(uri.getHost(), uri.getPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections accepted so far: each retry of a client opens new ones. */
    public long connections() {
        return connections.get();
    }

    /** Every connection, open and future, is closed once the client has sent {@code bytes} bytes through it. */
    public void cutAfter(long bytes) {
        cutAfterBytes = bytes;
    }

    /** Back to forwarding everything. */
    public void heal() {
        cutAfterBytes = Long.MAX_VALUE;
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean clientToServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            long sent = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (clientToServer && sent + n > cutAfterBytes) {
                        int allowed = (int) Math.max(0, cutAfterBytes - sent);
                        out.write(buf, 0, allowed);
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    sent += n;
                }
            } catch (IOException ignored) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(TcpProxy::closeQuietly);
    }
}
