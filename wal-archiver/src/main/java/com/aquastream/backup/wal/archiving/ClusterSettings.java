package com.aquastream.backup.wal.archiving;

import com.aquastream.backup.core.naming.Identifiers;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One PostgreSQL cluster whose WAL is archived and which is base-backed-up, checked when the service starts.
 *
 * @param name      the cluster's name in events ({@code database}) and object keys ({@code wal/{name}/…}): a plain
 *                  identifier
 * @param host      host name, IP address or socket directory of the server
 * @param user      a role with the REPLICATION attribute (also used for {@code SHOW wal_segment_size} and the
 *                  server's WAL position)
 * @param password  null or empty for trust, a password file or certificates; never logged
 * @param slot      the physical replication slot pg_receivewal streams through (created if missing)
 * @param directory where pg_receivewal writes the segments before they are shipped
 */
public record ClusterSettings(String name, String host, int port, String user, String password, String slot,
                              Path directory) {

    public ClusterSettings {
        Identifiers.requireIdentifier("backup.wal.clusters[].name", name);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("backup.wal.clusters[" + name + "].host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backup.wal.clusters[" + name + "].port out of range: " + port);
        }
        Identifiers.requireIdentifier("backup.wal.clusters[" + name + "].user", user);
        Identifiers.requireIdentifier("backup.wal.clusters[" + name + "].slot", slot);
        Objects.requireNonNull(directory, "directory");
        password = password == null || password.isEmpty() ? null : password;
    }

    /** The default slot of a cluster: {@code backup_wal_<name>}. */
    public static String defaultSlot(String name) {
        return "backup_wal_" + name;
    }

    /** The password stays out of logs and exception messages. */
    @Override
    public String toString() {
        return "ClusterSettings[name=" + name + ", host=" + host + ", port=" + port + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "<set>") + ", slot=" + slot + ", directory="
                + directory + "]";
    }
}
