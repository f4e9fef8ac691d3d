package com.aquastream.backup.catalog.backups.jpa;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface BackupRequestRepository extends JpaRepository<BackupRequestEntity, UUID> {
}
