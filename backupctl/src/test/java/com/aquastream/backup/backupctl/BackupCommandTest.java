package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Tier;
import com.aquastream.backup.events.Trigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupCommandTest {

    @Test
    void requestsAManualBackupOfEverySchemaByDefault() {
        Cli cli = aCli();

        int exit = cli.run("backup");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.bus.published).extracting(e -> e.messageKey()).containsExactly("aquastream.user",
                "aquastream.event", "aquastream.crew", "aquastream.payment", "aquastream.notification",
                "aquastream.media");
        assertThat(cli.bus.closed).isTrue();
    }

    @Test
    void requestsOneSchemaAsBinRequestBackupDoes() {
        Cli cli = aCli();

        int exit = cli.run("backup", "user", "--database", "shop");

        assertThat(exit).isEqualTo(Exit.OK);
        BackupRequested request = (BackupRequested) cli.bus.published.get(0);
        assertThat(request.database()).isEqualTo("shop");
        assertThat(request.schema()).isEqualTo("user");
        assertThat(request.tiers()).containsExactly(Tier.MANUAL);
        assertThat(request.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(request.requestedBy()).isEqualTo("alice");
        assertThat(request.occurredAt()).isEqualTo(Instant.parse("2025-08-18T10:15:30Z"));
        assertThat(request.scheduledFor()).isEqualTo(request.occurredAt());
        assertThat(cli.out()).isEqualTo("requested backup of shop.user: requestId=" + request.requestId() + "\n");
    }

    @Test
    void takesTheDatabaseFromTheEnvironmentWhenNotGiven() {
        Cli cli = aCli();
        cli.environment.put("BACKUP_DATABASE", "staging_db");

        cli.run("backup", "crew");

        assertThat(cli.bus.published).extracting(e -> e.messageKey()).containsExactly("staging_db.crew");
    }

    @Test
    void printsTheRequestsAsJsonWhenAsked() {
        Cli cli = aCli();

        cli.run("backup", "payment", "--json");

        BackupRequested request = (BackupRequested) cli.bus.published.get(0);
        assertThat(Json.read(cli.out()).get(0).path("requestId").asString())
                .isEqualTo(request.requestId().toString());
        assertThat(Json.read(cli.out()).get(0).path("schema").asString()).isEqualTo("payment");
    }

    @Test
    void refusesASchemaThatIsNotAPlainIdentifierWithoutPublishing() {
        Cli cli = aCli();

        int exit = cli.run("backup", "User; DROP");

        assertThat(exit).isEqualTo(Exit.USAGE);
        assertThat(cli.bus.published).isEmpty();
        assertThat(cli.err()).contains("not a plain identifier");
    }

    @Test
    void refusesAnUnknownOptionAsAUsageError() {
        Cli cli = aCli();

        int exit = cli.run("backup", "--tier", "DAILY");

        assertThat(exit).isEqualTo(Exit.USAGE);
        assertThat(cli.err()).contains("Unknown option").contains("Usage: backupctl backup");
    }

    @Test
    void givesEveryRequestItsOwnIds() {
        Cli cli = aCli();

        cli.run("backup");

        List<BackupRequested> requests = cli.bus.published.stream().map(BackupRequested.class::cast).toList();
        assertThat(requests).extracting(BackupRequested::requestId).doesNotHaveDuplicates();
        assertThat(requests).extracting(BackupRequested::eventId).doesNotHaveDuplicates();
    }
}
