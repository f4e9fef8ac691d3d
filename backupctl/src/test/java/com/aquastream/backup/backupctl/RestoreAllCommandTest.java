package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RestoreAllCommandTest {

    private static final String BATCH = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    private static final String USER_RESTORE = "11111111-1111-4111-8111-111111111111";
    private static final String CREW_RESTORE = "22222222-2222-4222-8222-222222222222";
    private static final String BATCH_PATH = "/api/restores?batchId=" + BATCH;

    @Test
    void asksTheCatalogForTheBatchWithEveryOption() {
        Cli cli = givenABatchOfTwo(aCli());
        givenAnswers(cli, restore("user", "VERIFIED", 1500, null), restore("crew", "VERIFIED", 2000, null));

        int exit = cli.run("restore-all", "--database", "shop", "--as-of", "2025-08-18T02:30Z", "--target",
                "recovered", "--verify", "--no-safety-backup", "--force");

        assertThat(exit).as(cli.err()).isEqualTo(Exit.OK);
        var body = Json.read(cli.catalog.posted.get(RestoreAllCommand.PATH));
        assertThat(body.path("database").asString()).isEqualTo("shop");
        assertThat(body.path("mode").asString()).isEqualTo("VERIFY");
        assertThat(body.path("safetyBackup").asBoolean()).isFalse();
        assertThat(body.path("force").asBoolean()).isTrue();
        assertThat(body.path("asOf").asString()).isEqualTo("2025-08-18T02:30:00Z");
        assertThat(body.path("targetDatabase").asString()).isEqualTo("recovered");
    }

    @Test
    void printsEachSchemasProgressAndExitsZeroWhenEveryRestoreSucceeded() {
        Cli cli = givenABatchOfTwo(aCli());
        givenPolls(cli, "[" + restore("user", "REQUESTED", null, null) + "," + restore("crew", "REQUESTED", null, null)
                + "]", "[" + restore("user", "COMPLETED", 1500, null) + "," + restore("crew", "REQUESTED", null, null)
                + "]", "[" + restore("user", "COMPLETED", 1500, null) + "," + restore("crew", "COMPLETED", 900, null)
                + "]");

        int exit = cli.run("restore-all");

        assertThat(exit).as(cli.err()).isEqualTo(Exit.OK);
        assertThat(cli.out()).startsWith("restore-all " + BATCH + " of aquastream (RESTORE, safety backup: true):\n"
                        + "  user: postgres/aquastream/user_20250818.dump.gz (backup ")
                .contains("  legacy: not configured, not restored (its newest backup is")
                .contains("  user: REQUESTED\n", "  user: COMPLETED in 1.5 s\n", "  crew: COMPLETED in 0.9 s\n")
                .endsWith("restore-all " + BATCH + ": 2 of 2 succeeded, 0 skipped\n");
        assertThat(cli.out().split("user: COMPLETED", -1)).hasSize(2); // each change once
    }

    @Test
    void exitsOneWhenARestoreFailed() {
        Cli cli = givenABatchOfTwo(aCli());
        givenAnswers(cli, restore("user", "COMPLETED", 1500, null),
                restore("crew", "FAILED", null, "target database is not on the allow-list"));

        int exit = cli.run("restore-all");

        assertThat(exit).isEqualTo(RestoreAllCommand.NOT_ALL_RESTORED);
        assertThat(cli.out()).contains("  crew: FAILED: target database is not on the allow-list",
                "1 of 2 succeeded");
    }

    @Test
    void exitsOneWhenAConfiguredSchemaWasSkippedUnlessAllowed() {
        Cli refused = givenABatchOfTwo(aCli(), "{\"schema\":\"media\",\"reason\":\"no backup\"}");
        givenAnswers(refused, restore("user", "COMPLETED", 1, null), restore("crew", "COMPLETED", 1, null));
        Cli allowed = givenABatchOfTwo(aCli(), "{\"schema\":\"media\",\"reason\":\"no backup\"}");
        givenAnswers(allowed, restore("user", "COMPLETED", 1, null), restore("crew", "COMPLETED", 1, null));

        assertThat(refused.run("restore-all")).isEqualTo(RestoreAllCommand.NOT_ALL_RESTORED);
        assertThat(allowed.run("restore-all", "--allow-skipped")).isEqualTo(Exit.OK);
        assertThat(refused.out()).contains("  media: SKIPPED, no backup", "2 of 2 succeeded, 1 skipped");
        assertThat(refused.err()).contains("--allow-skipped");
    }

    @Test
    void exitsTwoWhenNotEveryRestoreIsAnsweredInTime() {
        Cli cli = givenABatchOfTwo(aCli());
        givenAnswers(cli, restore("user", "COMPLETED", 1, null), restore("crew", "REQUESTED", null, null));

        int exit = cli.run("restore-all", "--timeout", "1");

        assertThat(exit).isEqualTo(RestoreAllCommand.NO_ANSWER_IN_TIME);
        assertThat(cli.err()).contains("no answer for every restore within 1 s").contains(BATCH_PATH);
    }

    @Test
    void keepsPollingThroughACatalogHiccup() {
        Cli cli = givenABatchOfTwo(aCli());
        cli.catalog.fail(BATCH_PATH, Exit.ERROR, "the catalog answered 503 to GET " + BATCH_PATH);
        cli.catalog.answer(BATCH_PATH, "[" + restore("user", "COMPLETED", 1, null) + ","
                + restore("crew", "COMPLETED", 1, null) + "]");

        int exit = cli.run("restore-all");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.err()).contains("answered 503", "retrying");
    }

    @Test
    void exits69WhenTheCatalogRefusesTheBatch() {
        Cli cli = aCli();
        cli.catalog.fail(RestoreAllCommand.PATH, Exit.UNAVAILABLE, "the catalog refused POST /api/restores/all "
                + "(HTTP 400): database is required");

        int exit = cli.run("restore-all");

        assertThat(exit).isEqualTo(Exit.UNAVAILABLE);
        assertThat(cli.err()).contains("HTTP 400");
    }

    @Test
    void needsTheApiTokenAndValidArguments() {
        Cli noToken = aCli();
        noToken.environment.remove("CATALOG_API_TOKEN");

        assertThat(noToken.run("restore-all")).isEqualTo(Exit.USAGE);
        assertThat(noToken.err()).contains("no catalog API token");
        assertThat(aCli().run("restore-all", "--as-of", "yesterday")).isEqualTo(Exit.USAGE);
        assertThat(aCli().run("restore-all", "--target", "Bad-DB")).isEqualTo(Exit.USAGE);
        assertThat(aCli().run("restore-all", "aquastream")).isEqualTo(Exit.USAGE);
    }

    @Test
    void printsOneJsonDocumentWithJson() {
        Cli cli = givenABatchOfTwo(aCli());
        givenAnswers(cli, restore("user", "COMPLETED", 1, null), restore("crew", "REJECTED", null, "bad"));

        int exit = cli.run("restore-all", "--json");

        assertThat(exit).isEqualTo(RestoreAllCommand.NOT_ALL_RESTORED);
        var doc = Json.read(cli.out());
        assertThat(doc.path("outcome").asString()).isEqualTo("NOT_ALL_RESTORED");
        assertThat(doc.path("succeeded").asInt()).isEqualTo(1);
        assertThat(doc.path("restores").size()).isEqualTo(2);
    }

    private static Cli givenABatchOfTwo(Cli cli, String... skipped) {
        cli.catalog.answer(RestoreAllCommand.PATH, """
                {"batchId":"%s","database":"aquastream","asOf":null,
                 "restores":[{"restoreId":"%s","schema":"user","backupId":"%s",
                              "key":"postgres/aquastream/user_20250818.dump.gz"},
                             {"restoreId":"%s","schema":"crew","backupId":"%s",
                              "key":"postgres/aquastream/crew_20250818.dump.gz"}],
                 "skipped":[%s],
                 "unconfigured":[{"schema":"legacy","backupId":"%s","key":"postgres/aquastream/legacy_1.dump.gz"}]}
                """.formatted(BATCH, USER_RESTORE, UUID.randomUUID(), CREW_RESTORE, UUID.randomUUID(),
                String.join(",", skipped), UUID.randomUUID()));
        return cli;
    }

    /** The batch's list, as the catalog answers every poll from now on. */
    private static void givenAnswers(Cli cli, String user, String crew) {
        cli.catalog.answer(BATCH_PATH, "[" + user + "," + crew + "]");
    }

    /** The batch's lists, one per poll; the last one stays. */
    private static void givenPolls(Cli cli, String... lists) {
        cli.catalog.answer(BATCH_PATH, lists);
    }

    private static String restore(String schema, String status, Integer durationMs, String reason) {
        boolean terminal = !status.equals("REQUESTED");
        boolean succeeded = status.equals("COMPLETED") || status.equals("VERIFIED");
        return """
                {"restoreId":"%s","batchId":"%s","database":"aquastream","schema":"%s","status":"%s",
                 "terminal":%s,"succeeded":%s,"reason":%s,"durationMs":%s}
                """.formatted(schema.equals("user") ? USER_RESTORE : CREW_RESTORE, BATCH, schema, status, terminal,
                succeeded, reason == null ? "null" : "\"" + reason + "\"", durationMs);
    }
}
