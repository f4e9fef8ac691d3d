package com.aquastream.backup.restore.recovery.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.pg.PgConnection;
import com.aquastream.backup.core.process.ChildEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** pg_restore and psql see only what they need of the restore-worker's environment, never its secrets. */
class ArchiveStreamsEnvironmentTest {

    @Test
    void givesAClientToolOnlyTheInheritedNamesTheConnectionsPasswordAndWhatTheCallerAdds() throws Exception {
        PgConnection pg = new PgConnection("127.0.0.1", 5432, "postgres", "pw");

        Process env = ArchiveStreams.start(pg, List.of("env"), false, Map.of("PGAPPNAME", "restore-worker user"));
        String printed = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        env.waitFor();

        Map<String, String> seen = Arrays.stream(printed.split("\n")).filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b));
        assertThat(seen).containsEntry("PGPASSWORD", "pw").containsEntry("PGAPPNAME", "restore-worker user")
                .containsKey("PATH");
        assertThat(seen.keySet()).allMatch(name -> ChildEnvironment.INHERITED.contains(name)
                || Set.of("PGPASSWORD", "PGAPPNAME").contains(name));
        // The test's own environment had more to give (JAVA_HOME, Maven's...): none of it was passed on.
        assertThat(System.getenv().keySet()).anyMatch(name -> !ChildEnvironment.INHERITED.contains(name)
                && !seen.containsKey(name));
    }
}
