package com.aquastream.backup.wal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.compress.Compression;
import com.aquastream.backup.wal.archiving.ClusterSettings;
import com.aquastream.backup.wal.archiving.HousekeepingSettings;
import com.aquastream.backup.wal.archiving.WalSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalArchiverPropertiesTest {

    @Test
    void fillsInTheSlotTheDirectoryAndTheDefaultsOfACluster() {
        WalArchiverProperties props = givenProperties(List.of(aCluster("main", null)), "zstd");

        WalSettings settings = props.settings();

        ClusterSettings main = settings.cluster("main");
        assertThat(main.slot()).isEqualTo("backup_wal_main");
        assertThat(main.directory()).isEqualTo(Path.of("/var/spool/wal/main"));
        assertThat(main.port()).isEqualTo(5432);
        assertThat(settings.compression()).isEqualTo(Compression.ZSTD);
        // level 0 means "the codec's default", never gzip's "store uncompressed"
        assertThat(settings.compressionLevel()).isEqualTo(-1);
        assertThat(settings.notReceivingLimit()).isEqualTo(Duration.ofMinutes(2));
        assertThat(props.baseBackupCron()).isEqualTo("0 0 1 * * SUN");
        assertThat(props.baseBackupMaxAttempts()).isEqualTo(3);
    }

    @Test
    void refusesAClusterNameThatIsNoPlainIdentifier() {
        WalArchiverProperties props = givenProperties(List.of(aCluster("main/../x", null)), "gzip");

        assertThatThrownBy(props::settings).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backup.wal.clusters[].name");
    }

    @Test
    void refusesTwoClustersOfOneName() {
        WalArchiverProperties props = givenProperties(List.of(aCluster("main", "/a"), aCluster("main", "/b")),
                "gzip");

        assertThatThrownBy(props::settings).hasMessageContaining("the name main is used twice");
    }

    @Test
    void refusesTwoClustersReceivingIntoOneDirectory() {
        WalArchiverProperties props = givenProperties(List.of(aCluster("a", "/spool/x"), aCluster("b", "/spool/x")),
                "gzip");

        assertThatThrownBy(props::settings).hasMessageContaining("each pg_receivewal needs its own");
    }

    @Test
    void refusesNoClusterAtAll() {
        assertThatThrownBy(() -> givenProperties(List.of(), "gzip").settings())
                .hasMessageContaining("backup.wal.clusters is empty");
    }

    @Test
    void refusesAnUnknownCompression() {
        assertThatThrownBy(() -> givenProperties(List.of(aCluster("main", null)), "lz4").settings())
                .hasMessage("backup.wal.compression must be gzip or zstd, was lz4");
    }

    @Test
    void refusesABadCronExpressionAndAZeroInterval() {
        WalArchiverProperties badCron = new WalArchiverProperties(List.of(aCluster("main", null)), "/s", null,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(60), "gzip", 0, new WalArchiverProperties.BaseBackup("every sunday", 3, null), null,
                null);
        WalArchiverProperties zeroShip = new WalArchiverProperties(List.of(aCluster("main", null)), "/s", null,
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(60), "gzip", 0, null, null, null);

        assertThatThrownBy(badCron::baseBackupCron).hasMessageContaining("backup.wal.basebackup.cron");
        assertThatThrownBy(zeroShip::settings).hasMessageContaining("backup.wal.ship-interval");
    }

    @Test
    void refusesARestartBackoffLongerThanItsMaximum() {
        WalArchiverProperties props = new WalArchiverProperties(List.of(aCluster("main", null)), "/s", null,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(60), "gzip", 0, null, null, null);

        assertThatThrownBy(props::settings).hasMessageContaining("restart-backoff-max");
    }

    @Test
    void neverShowsThePasswordOfACluster() {
        WalArchiverProperties.Cluster cluster = new WalArchiverProperties.Cluster("main", "db", 5432, "postgres",
                "s3cret-pass", null, null);

        ClusterSettings settings = givenProperties(List.of(cluster), "gzip").settings().cluster("main");

        assertThat(cluster.toString()).doesNotContain("s3cret-pass").contains("<set>");
        assertThat(settings.toString()).doesNotContain("s3cret-pass").contains("<set>");
        assertThat(settings.password()).isEqualTo("s3cret-pass");
    }

    @Test
    void keepsAWeekCheckingHourlyAndTheChainEveryFiveMinutesUnlessToldOtherwise() {
        WalArchiverProperties defaults = givenProperties(List.of(aCluster("main", null)), "gzip");
        WalArchiverProperties zeroWindow = new WalArchiverProperties(List.of(aCluster("main", null)), "/s", null,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(60), "gzip", 0, null, new WalArchiverProperties.Retention(Duration.ZERO, null),
                null);

        assertThat(defaults.housekeeping()).isEqualTo(new HousekeepingSettings(Duration.ofDays(7),
                Duration.ofHours(1), Duration.ofMinutes(5)));
        assertThatThrownBy(zeroWindow::housekeeping).hasMessageContaining("backup.wal.retention.window");
    }

    private static WalArchiverProperties.Cluster aCluster(String name, String directory) {
        return new WalArchiverProperties.Cluster(name, "127.0.0.1", null, "postgres", null, null, directory);
    }

    private static WalArchiverProperties givenProperties(List<WalArchiverProperties.Cluster> clusters,
                                                         String compression) {
        return new WalArchiverProperties(clusters, "/var/spool/wal", null, Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60),
                compression, 0, new WalArchiverProperties.BaseBackup("0 0 1 * * SUN", 3, Duration.ofMinutes(1)),
                null, null);
    }
}
