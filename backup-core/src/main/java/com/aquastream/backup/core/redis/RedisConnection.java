package com.aquastream.backup.core.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal RESP2 client connection: enough to authenticate, read {@code INFO} and start a replication sync. Why
 * not a client library: the sync needs the raw socket (the snapshot is a bulk of arbitrary size that must stream,
 * not be read into memory), and the few commands besides it do not justify a dependency.
 */
public final class RedisConnection implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects and, when the endpoint has a password, authenticates. */
    public static RedisConnection open(RedisEndpoint endpoint) throws IOException {
        Socket socket = new Socket();
        try {
            int timeout = (int) Math.min(Integer.MAX_VALUE, endpoint.timeout().toMillis());
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeout);
            socket.setSoTimeout(timeout);
            RedisConnection c = new RedisConnection(socket);
            if (endpoint.password() != null) {
                c.command("AUTH", endpoint.password());
            }
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a command and reads its reply: a status or bulk string as text, an integer as its decimal text. */
    public String command(String... args) throws IOException {
        send(args);
        return readReply();
    }

    /** {@code INFO section} as a map of its {@code name:value} lines. */
    public Map<String, String> info(String section) throws IOException {
        return parseInfo(command("INFO", section));
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    void send(String... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            buf.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.write(bytes);
            buf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(buf.toByteArray());
        out.flush();
    }

    private String readReply() throws IOException {
        String line = readLine();
        if (line.isEmpty()) {
            throw new IOException("empty reply from Redis");
        }
        switch (line.charAt(0)) {
            case '+', ':':
                return line.substring(1);
            case '-':
                throw new RedisCommandException(line.substring(1));
            case '$':
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("Redis closed the connection inside a reply");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            default:
                throw new IOException("unexpected Redis reply type: " + line.charAt(0));
        }
    }

    /** A line without its CR LF. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new EOFException("Redis closed the connection");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("Redis reply line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The raw reply stream, for a bulk that must stream rather than be read whole. */
    InputStream input() {
        return in;
    }

    /** Sets the read timeout; 0 waits forever. */
    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release beyond the socket
        }
    }
}
