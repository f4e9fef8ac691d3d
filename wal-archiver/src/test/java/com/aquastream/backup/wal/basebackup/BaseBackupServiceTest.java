package com.aquastream.backup.wal.basebackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.core.consumer.Job;
import com.aquastream.backup.core.wal.BaseBackupResult;
import com.aquastream.backup.core.wal.Lsn;
import com.aquastream.backup.events.BaseBackupCompleted;
import com.aquastream.backup.events.BaseBackupFailed;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.events.WalEvent;
import com.aquastream.backup.wal.archiving.ClusterSettings;
import com.aquastream.backup.wal.archiving.WalSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BaseBackupServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");
    private static final UUID REQUEST_ID = UUID.fromString("6b8cad2e-3f4a-4b6c-9d7e-8f9a0b1c2d3e");

    private final List<WalEvent> published = new ArrayList<>();
    private final List<String> attempts = new ArrayList<>();

    @Test
    void publishesTheCompletedBaseBackupOfARequest() throws Exception {
        BaseBackupService service = givenService(succeedingAfter(0), 3);

        service.accept(aRequest("main")).run();

        assertThat(published).hasSize(1);
        BaseBackupCompleted completed = (BaseBackupCompleted) published.get(0);
        assertThat(completed.database()).isEqualTo("main");
        assertThat(completed.schema()).isEqualTo(WalEvent.CLUSTER_SCHEMA);
        assertThat(completed.requestId()).isEqualTo(REQUEST_ID);
        assertThat(completed.key()).startsWith("basebackup/main/");
        assertThat(completed.store()).isEqualTo("filesystem");
        assertThat(completed.format()).isEqualTo("pg_basebackup-tar");
        assertThat(completed.startLsn()).isEqualTo("0/5000028");
        assertThat(completed.endLsn()).isEqualTo("0/5000138");
        assertThat(completed.timeline()).isEqualTo(1L);
        assertThat(completed.manifestVerified()).isTrue();
        assertThat(attempts).containsExactly("main postgres@127.0.0.1:5432");
    }

    @Test
    void triesAgainAfterATransientFailureAndCompletes() throws Exception {
        BaseBackupService service = givenService(succeedingAfter(2), 3);

        service.accept(aRequest("main")).run();

        assertThat(attempts).hasSize(3);
        assertThat(published).singleElement().isInstanceOf(BaseBackupCompleted.class);
    }

    @Test
    void publishesOneFailureAfterItsLastAttempt() throws Exception {
        BaseBackupService service = givenService(succeedingAfter(5), 3);

        service.accept(aRequest("main")).run();

        assertThat(attempts).hasSize(3);
        BaseBackupFailed failed = (BaseBackupFailed) published.get(0);
        assertThat(published).hasSize(1);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.requestId()).isEqualTo(REQUEST_ID);
        assertThat(failed.reason()).isEqualTo("failed 3 time(s), giving up: pg_basebackup exited with 1: could not"
                + " connect to server");
        assertThat(failed.messageKey()).isEqualTo("main.pg_cluster");
    }

    @Test
    void givesUpAtOnceWhenTheRunnerRefuses() throws Exception {
        BaseBackupService service = givenService((cluster, source, id) -> {
            attempts.add(cluster);
            throw new IllegalStateException("pg_basebackup said nothing about its start point");
        }, 3);

        service.accept(aRequest("main")).run();

        assertThat(attempts).hasSize(1);
        assertThat(((BaseBackupFailed) published.get(0)).retryable()).isFalse();
    }

    @Test
    void refusesARequestForAClusterThatIsNotConfiguredBeforeAnyWork() {
        BaseBackupService service = givenService(succeedingAfter(0), 3);

        assertThatThrownBy(() -> service.accept(aRequest("other"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no configured cluster other");
        assertThatThrownBy(() -> service.accept(new BaseBackupRequested(UUID.randomUUID(), NOW, "main", "public",
                REQUEST_ID, Trigger.MANUAL, "cli:alice"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pg_cluster");
        assertThat(attempts).isEmpty();
    }

    @Test
    void announcesAFailureWhenTheResultCouldNotBePublishedOnAnyDelivery() throws Exception {
        BaseBackupService service = givenService(succeedingAfter(0), 3);
        Job job = service.accept(aRequest("main"));

        job.failedPermanently(3, "failed 3 times, giving up: broker unavailable");

        BaseBackupFailed failed = (BaseBackupFailed) published.get(0);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.reason()).contains("broker unavailable");
    }

    @Test
    void takesTheScheduledBaseBackupOfEveryClusterWithoutARequestId() {
        BaseBackupService service = givenService(succeedingAfter(0), 1);

        service.scheduled();

        assertThat(published).hasSize(1);
        assertThat(((BaseBackupCompleted) published.get(0)).requestId()).isNull();
    }

    private BaseBackupTaker succeedingAfter(int failures) {
        return (cluster, source, backupId) -> {
            attempts.add(cluster + " " + source.user() + "@" + source.host() + ":" + source.port());
            if (attempts.size() <= failures) {
                throw new IOException("pg_basebackup exited with 1: could not connect to server");
            }
            return new BaseBackupResult(cluster, backupId, "basebackup/" + cluster + "/20261206T010000Z-" + backupId
                    + "/base.tar.gz", 1, Lsn.parse("0/5000028"), Lsn.parse("0/5000138"), NOW, NOW.plusSeconds(40),
                    123456, "ab".repeat(32), "gzip", "15.14", "pg_basebackup (PostgreSQL) 15.14", true);
        };
    }

    private BaseBackupService givenService(BaseBackupTaker taker, int maxAttempts) {
        ClusterSettings main = new ClusterSettings("main", "127.0.0.1", 5432, "postgres", null, "backup_wal_main",
                Path.of("spool/main"));
        WalSettings settings = new WalSettings(List.of(main), null, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60), Compression.GZIP, 0);
        return new BaseBackupService(settings, taker, published::add, "filesystem", maxAttempts, Duration.ZERO,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static BaseBackupRequested aRequest(String cluster) {
        return new BaseBackupRequested(UUID.randomUUID(), NOW, cluster, WalEvent.CLUSTER_SCHEMA, REQUEST_ID,
                Trigger.MANUAL, "cli:alice");
    }
}
