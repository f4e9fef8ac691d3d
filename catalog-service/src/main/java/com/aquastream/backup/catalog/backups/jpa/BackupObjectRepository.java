package com.aquastream.backup.catalog.backups.jpa;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface BackupObjectRepository extends JpaRepository<BackupObjectEntity, String> {

    List<BackupObjectEntity> findByBackupIdIn(Collection<UUID> backupIds);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update BackupObjectEntity o set o.status = 'EXPIRED', o.expiredAt = :at where o.key in :keys")
    int expire(@Param("keys") Collection<String> keys, @Param("at") Instant at);

    /** Whether a COMPLETED backup of the schema owns an active key starting with the stem. */
    @Query(value = "select exists (select 1 from catalog.backup_object o join catalog.backup b using (backup_id)"
            + " where b.database_name = :database and b.schema_name = :schema and b.status = 'COMPLETED'"
            + " and o.status = 'ACTIVE' and starts_with(o.object_key, :stem))", nativeQuery = true)
    boolean existsLive(@Param("database") String database, @Param("schema") String schema,
                       @Param("stem") String stem);
}
