package com.aquastream.backup.restore.recovery.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqlFifoTest {

    @Test
    void makesPgRestoreWriteForPsqlsRestrictedModeWithAKeyOfItsOwn() {
        List<String> first = SqlFifo.pgRestoreInto(Path.of("/work/a.sql"), List.of("--section=pre-data"));
        List<String> second = SqlFifo.pgRestoreInto(Path.of("/work/a.sql"), List.of());

        assertThat(first.get(0)).isEqualTo("pg_restore");
        assertThat(first.get(1)).matches("--restrict-key=[A-Za-z0-9]{32}");
        assertThat(first.subList(2, first.size())).containsExactly("-f", "/work/a.sql", "--section=pre-data");
        assertThat(second.get(1)).isNotEqualTo(first.get(1));
    }

    @Test
    void drawsKeysOnlyOfTheLettersAndDigitsPsqlAcceptsAndNeverTheSameTwice() {
        List<String> keys = IntStream.range(0, 1000).mapToObj(i -> SqlFifo.restrictKey()).toList();

        assertThat(keys).allMatch(k -> k.matches("[A-Za-z0-9]{32}")).doesNotHaveDuplicates();
    }

    @Test
    void saysWhatARefusedMetaCommandMeansAndLeavesOtherErrorsAsTheyAre() {
        String refused = "psql:/w/a.sql:50: error: backslash commands are restricted; only \\unrestrict is allowed";
        String other = "psql:/w/a.sql:12: ERROR:  relation \"x\" already exists";

        assertThat(SqlFifo.explained(refused)).startsWith("the archive's SQL holds a psql meta-command")
                .contains("nothing was run or committed").endsWith(refused);
        assertThat(SqlFifo.explained(other)).isEqualTo(other);
    }
}
