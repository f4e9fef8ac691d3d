package com.aquastream.backup.core.wal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far the archive is behind the server: the bytes of WAL the server has written beyond the furthest position
 * shipped (completed or partial), and for how long that shipped position has been the furthest.
 *
 * <p>Why the time is zero when no bytes are missing: on an idle server nothing new is written, so the archive is
 * not behind however long ago it last shipped; counting that time would raise a lag alert on every quiet night.
 *
 * @param bytes  WAL bytes written by the server but not yet in the store (never negative)
 * @param behind how long those bytes have been waiting, at most since the furthest shipment
 */
public record WalLag(long bytes, Duration behind) {

    public WalLag {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0");
        }
        Objects.requireNonNull(behind, "behind");
    }

    /** The lag of an archive whose furthest shipment is {@code shipped}, when the server is at {@code server}. */
    public static WalLag between(Lsn server, ShippedSegment shipped, Instant now) {
        long bytes = Math.max(0, server.minus(shipped.endLsn()));
        Duration behind = bytes == 0 || now.isBefore(shipped.shippedAt())
                ? Duration.ZERO
                : Duration.between(shipped.shippedAt(), now);
        return new WalLag(bytes, behind);
    }

    /** The server's current WAL write position ({@code pg_current_wal_lsn()}; a primary only). */
    public static Lsn currentLsn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select pg_current_wal_lsn()::text")) {
            rows.next();
            return Lsn.parse(rows.getString(1));
        }
    }
}
