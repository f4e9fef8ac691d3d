package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackupctlTest {

    @Test
    void printsTheUsageAndExitsWithTheUsageCodeWithoutACommand() {
        Cli cli = aCli();

        int exit = cli.run();

        assertThat(exit).isEqualTo(Exit.USAGE);
        assertThat(cli.err()).contains("Usage: backupctl").contains("backup").contains("restore").contains("status");
    }

    @Test
    void refusesAnUnknownCommand() {
        Cli cli = aCli();

        int exit = cli.run("frobnicate");

        assertThat(exit).isEqualTo(Exit.USAGE);
    }

    @Test
    void printsHelpOnStandardOutputAndSucceeds() {
        Cli cli = aCli();

        int exit = cli.run("restore", "--help");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).contains("--no-wait").contains("RESTORE_SIGNING_KEY");
    }
}
