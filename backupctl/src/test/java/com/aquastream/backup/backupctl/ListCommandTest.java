package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListCommandTest {

    private static final String TWO_BACKUPS = """
            [{"backupId":"8d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f","database":"aquastream","schema":"payment",
              "tiers":["DAILY","WEEKLY"],"status":"COMPLETED","pinned":true,"requestedAt":"2025-08-18T02:00:00Z",
              "finishedAt":"2025-08-18T02:00:40Z","sizeBytes":1572864,
              "objects":[{"key":"postgres/aquastream/payment_20250818.dump.gz","tier":"DAILY","status":"STORED"},
                         {"key":"postgres/aquastream/weekly_payment_2025-33.dump.gz","tier":"WEEKLY",
                          "status":"STORED"}]},
             {"backupId":"9d2e4f61-0a3b-4c5d-9e7f-1a2b3c4d5e6f","database":"aquastream","schema":"payment",
              "tiers":["MANUAL"],"status":"FAILED","pinned":false,"requestedAt":"2025-08-17T09:00:00Z",
              "finishedAt":null,"sizeBytes":null,"failureReason":"pg_dump exited 1","objects":[]}]
            """;

    @Test
    void listsTheBackupsAsATableWithTheKeysToRestoreFrom() {
        Cli cli = aCli();
        cli.catalogBody = TWO_BACKUPS;

        int exit = cli.run("list", "payment");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).isEqualTo("""
                FINISHED              SCHEMA              STATUS     TIERS         SIZE     KEY / PROBLEM
                2025-08-18T02:00:40Z  aquastream.payment  COMPLETED  DAILY,WEEKLY  1.5 MiB  \
                postgres/aquastream/payment_20250818.dump.gz (pinned)
                2025-08-17T09:00:00Z  aquastream.payment  FAILED     MANUAL        -        pg_dump exited 1
                2 backups
                """);
    }

    @Test
    void passesTheFiltersAndTheLimitToTheCatalog() {
        Cli cli = aCli();

        cli.run("list", "payment", "--database", "shop", "--tier", "WEEKLY", "--status", "completed", "--limit", "5");

        assertThat(cli.catalog.requests).containsExactly(
                "GET /api/backups?database=shop&schema=payment&tier=WEEKLY&status=COMPLETED&limit=5");
    }

    @Test
    void asksForTwentyOfEveryDatabaseByDefault() {
        Cli cli = aCli();

        int exit = cli.run("list");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.catalog.requests).containsExactly("GET /api/backups?limit=20");
        assertThat(cli.out()).isEqualTo("no backup matches\n");
    }

    @Test
    void printsTheCatalogsAnswerWithJson() {
        Cli cli = aCli();
        cli.catalogBody = TWO_BACKUPS;

        cli.run("list", "--json");

        assertThat(Json.read(cli.out()).size()).isEqualTo(2);
        assertThat(cli.out()).isEqualTo(TWO_BACKUPS.strip() + "\n");
    }

    @Test
    void refusesBadArgumentsBeforeAskingTheCatalog() {
        for (String[] args : new String[][] {{"list", "Pay-ment"}, {"list", "--limit", "0"},
                {"list", "--limit", "1001"}, {"list", "--tier", "HOURLY"}, {"list", "--database", "a;b"}}) {
            Cli cli = aCli();

            assertThat(cli.run(args)).as(String.join(" ", args)).isEqualTo(Exit.USAGE);
            assertThat(cli.catalog.requests).isEmpty();
        }
    }

    @Test
    void exits69WhenTheCatalogCannotBeReached() {
        Cli cli = aCli();
        cli.catalog.fail("/api/backups?limit=20", Exit.UNAVAILABLE, "the catalog at http://x cannot be reached");

        int exit = cli.run("list");

        assertThat(exit).isEqualTo(Exit.UNAVAILABLE);
        assertThat(cli.err()).contains("cannot be reached");
    }
}
