package com.aquastream.backup.catalog.backups.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Row of {@code catalog.backup}; mapped to and from {@code Backup} by {@link BackupMapper}. */
@Entity
@Table(name = "backup")
class BackupEntity {

    @Id
    @Column(name = "backup_id")
    UUID backupId;

    @Column(name = "request_id", nullable = false)
    UUID requestId;

    @Column(name = "database_name", nullable = false)
    String database;

    @Column(name = "schema_name", nullable = false)
    String schema;

    @Column(nullable = false)
    String tiers;

    @Column(nullable = false)
    String status;

    @Column(nullable = false)
    boolean pinned;

    @Column(name = "requested_at", nullable = false)
    Instant requestedAt;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    @Column(name = "size_bytes")
    Long sizeBytes;

    String sha256;

    String store;

    String compression;

    String format;

    @Column(name = "server_version")
    String serverVersion;

    @Column(name = "tool_version")
    String toolVersion;

    /** JSON text; the cast lets PostgreSQL store it as jsonb without a JSON library in Hibernate's path. */
    @Column(name = "table_row_counts", columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    String tableRowCounts;

    @Column(name = "failure_reason")
    String failureReason;

    @Column(name = "failed_attempt")
    Integer failedAttempt;

    @Column(name = "replicated_at")
    Instant replicatedAt;

    @Column(name = "verified_at")
    Instant verifiedAt;

    @Column(name = "verification_failed_at")
    Instant verificationFailedAt;

    @Column(name = "verification_failure")
    String verificationFailure;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
