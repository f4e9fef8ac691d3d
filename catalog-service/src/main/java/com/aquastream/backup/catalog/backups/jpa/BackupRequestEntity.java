package com.aquastream.backup.catalog.backups.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code catalog.backup_request}: a request the catalog issued. */
@Entity
@Table(name = "backup_request")
class BackupRequestEntity {

    @Id
    @Column(name = "request_id")
    UUID requestId;

    @Column(name = "database_name", nullable = false)
    String database;

    @Column(name = "schema_name", nullable = false)
    String schema;

    @Column(nullable = false)
    String tiers;

    @Column(name = "trigger_type", nullable = false)
    String trigger;

    @Column(name = "requested_by")
    String requestedBy;

    @Column(name = "requested_at", nullable = false)
    Instant requestedAt;
}
