package com.aquastream.backup.wal.archiving;

import static com.aquastream.backup.wal.archiving.ArchivingFixtures.aCluster;
import static com.aquastream.backup.wal.archiving.ArchivingFixtures.settingsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.wal.archiving.ArchivingFixtures.FakeServer;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.MovingClock;
import com.aquastream.backup.wal.archiving.ArchivingFixtures.ScriptedReceiver;
import com.aquastream.backup.wal.archiving.boot.WalArchiverHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The health component {@code walArchiver} over one cluster whose pg_receivewal cannot start. */
class WalArchiverHealthTest {

    private final ScriptedReceiver receiver = new ScriptedReceiver();
    private final MovingClock clock = new MovingClock();

    @Test
    void isDownWithTheReasonOnceAClusterWasNotReceivingForTwiceTheLongestBackoff() {
        ClusterSettings cluster = aCluster(Path.of("spool/main"));
        WalSettings settings = settingsOf(cluster);
        ClusterArchiver archiver = new ClusterArchiver(cluster, settings, receiver, new FakeServer(),
                segmentBytes -> {
                    throw new AssertionError("nothing is shipped here");
                }, event -> { }, "filesystem", clock);
        WalArchiverHealth health = new WalArchiverHealth(new WalArchiving(settings, List.of(archiver), List.of()),
                settings.notReceivingLimit(), clock);
        receiver.refuseToStart = true;

        archiver.superviseReceiver();
        Health whileRetrying = health.health();
        clock.advance(settings.notReceivingLimit().plus(Duration.ofSeconds(1)));
        Health afterTheLimit = health.health();

        assertThat(whileRetrying.getStatus()).isEqualTo(Status.UP);
        assertThat(afterTheLimit.getStatus()).isEqualTo(Status.DOWN);
        @SuppressWarnings("unchecked")
        Map<String, Object> main = (Map<String, Object>) ((Map<String, Object>) afterTheLimit.getDetails()
                .get("clusters")).get("main");
        assertThat(main).containsEntry("receiving", false).containsEntry("notReceivingForSeconds", 17L);
        assertThat((String) main.get("reason")).contains("Connection refused");
    }
}
