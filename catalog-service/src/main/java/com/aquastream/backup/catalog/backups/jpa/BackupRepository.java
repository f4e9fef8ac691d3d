package com.aquastream.backup.catalog.backups.jpa;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface BackupRepository extends JpaRepository<BackupEntity, UUID> {

    List<BackupEntity> findByDatabaseAndSchemaOrderByRequestedAtAsc(String database, String schema);

    @Query("select distinct b.database, b.schema from BackupEntity b order by 1, 2")
    List<Object[]> findSchemas();
}
