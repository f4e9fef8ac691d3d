package com.aquastream.backup.catalog.backups.jpa;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface OutboxRepository extends JpaRepository<OutboxEntity, Long> {

    /** Oldest unpublished rows, locked; rows another relay holds are skipped, not waited for. */
    @Query(value = "select * from catalog.outbox where published_at is null order by id limit :max"
            + " for update skip locked", nativeQuery = true)
    List<OutboxEntity> claimPending(@Param("max") int max);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update OutboxEntity o set o.publishedAt = :at where o.id in :ids")
    int markPublished(@Param("ids") Collection<Long> ids, @Param("at") Instant at);

    @Modifying
    @Query("delete from OutboxEntity o where o.publishedAt is not null and o.publishedAt < :before")
    int deletePublishedBefore(@Param("before") Instant before);

    @Query("select min(o.createdAt) from OutboxEntity o where o.publishedAt is null")
    Instant oldestPending();

    @Query("select count(o) from OutboxEntity o where o.publishedAt is null")
    long countPending();
}
