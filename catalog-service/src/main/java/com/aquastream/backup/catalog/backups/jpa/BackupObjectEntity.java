package com.aquastream.backup.catalog.backups.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code catalog.backup_object}: one key in the store and the backup that owns it now. */
@Entity
@Table(name = "backup_object")
class BackupObjectEntity {

    @Id
    @Column(name = "object_key")
    String key;

    @Column(name = "backup_id", nullable = false)
    UUID backupId;

    @Column(nullable = false)
    String tier;

    @Column(nullable = false)
    String status;

    @Column(name = "expired_at")
    Instant expiredAt;
}
