package com.aquastream.backup.backupctl;

import static com.aquastream.backup.backupctl.Cli.aCli;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private static final String ALL_OK = """
            [{"database":"aquastream","schema":"user","mark":"✓","ok":true,
              "latestKey":"postgres/aquastream/user_20250818.dump.gz","finishedAt":"2025-08-18T02:00:40Z",
              "ageSeconds":29690,"age":"PT8H14M50S","sizeBytes":1572864,"problem":null,
              "line":"✓ user: user_20250818.dump.gz (1572864 bytes)"}]
            """;

    private static final String ONE_FAILING = """
            [{"database":"aquastream","schema":"user","ok":true,"latestKey":"postgres/aquastream/user_1.dump.gz",
              "ageSeconds":59,"sizeBytes":512},
             {"database":"aquastream","schema":"payment","ok":false,"latestKey":null,"ageSeconds":null,
              "sizeBytes":null,"problem":"NO BACKUP FOUND"}]
            """;

    @Test
    void printsATableAndExitsZeroWhenEverySchemaIsOk() {
        Cli cli = aCli();
        cli.catalogBody = ALL_OK;

        int exit = cli.run("status");

        assertThat(exit).isEqualTo(Exit.OK);
        assertThat(cli.out()).isEqualTo("""
                   SCHEMA           AGE         SIZE     LATEST BACKUP / PROBLEM
                ✓  aquastream.user  8 h 14 min  1.5 MiB  postgres/aquastream/user_20250818.dump.gz
                1 schema, all ✓
                """);
    }

    @Test
    void marksAFailingSchemaAndExitsOne() {
        Cli cli = aCli();
        cli.catalogBody = ONE_FAILING;

        int exit = cli.run("status");

        assertThat(exit).isEqualTo(Exit.ERROR);
        assertThat(cli.out()).contains("✓  aquastream.user     59 s  512 B  postgres/aquastream/user_1.dump.gz")
                .contains("✗  aquastream.payment  -     -      NO BACKUP FOUND")
                .endsWith("2 schemas, 1 ✗\n");
    }

    @Test
    void printsTheCatalogsAnswerAsItIsWithJson() {
        Cli cli = aCli();
        cli.catalogBody = ALL_OK;

        cli.run("status", "--json");

        assertThat(cli.out()).isEqualTo(ALL_OK.strip() + "\n");
    }

    @Test
    void treatsACatalogWithoutSchemasAsNotOk() {
        Cli cli = aCli();
        cli.catalogBody = "[]";

        int exit = cli.run("status");

        assertThat(exit).isEqualTo(Exit.ERROR);
        assertThat(cli.out()).isEqualTo("no schema is configured in the catalog\n");
    }

    @Test
    void reportsAnAnswerThatIsNotAListAsAnError() {
        Cli cli = aCli();
        cli.catalogBody = "{\"status\":503}";

        int exit = cli.run("status");

        assertThat(exit).isEqualTo(Exit.ERROR);
        assertThat(cli.err()).contains("not a list of schemas");
    }

    @Test
    void formatsAgesAndSizesForPeople() {
        assertThat(StatusTable.age(45)).isEqualTo("45 s");
        assertThat(StatusTable.age(12 * 60 + 5)).isEqualTo("12 min");
        assertThat(StatusTable.age(3 * 86_400 + 4 * 3600)).isEqualTo("3 d 4 h");
        assertThat(StatusTable.size(1023)).isEqualTo("1023 B");
        assertThat(StatusTable.size(201L * 1024 * 1024)).isEqualTo("201.0 MiB");
    }
}
