package com.aquastream.backup.core.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a Redis instance listens and how to authenticate to it. The password never appears in {@link #toString()}.
 *
 * @param timeout connect timeout, and the longest silence tolerated while reading (a master waiting for its BGSAVE
 *                sends a newline every second, so a generous value only matters for a hung server)
 */
public record RedisEndpoint(String host, int port, String password, Duration timeout) {

    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        password = password == null || password.isEmpty() ? null : password;
    }

    /**
     * Parses {@code host:port} (IPv6 as {@code [addr]:port}).
     *
     * @throws IllegalArgumentException when {@code address} has no port
     */
    public static RedisEndpoint parse(String address, String password, Duration timeout) {
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("a Redis address is host:port, got \"" + address + "\"");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new RedisEndpoint(host, Integer.parseInt(address.substring(colon + 1)), password, timeout);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a Redis address is host:port, got \"" + address + "\"", e);
        }
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + address() + (password == null ? "" : ", password=***") + "]";
    }
}
