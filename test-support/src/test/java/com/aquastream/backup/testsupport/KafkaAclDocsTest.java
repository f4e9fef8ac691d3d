package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Each SERVICE.md's "Kafka access" table says exactly what infra/kafka-acls.conf grants that service's principal. */
class KafkaAclDocsTest {

    private static final List<String> SERVICES = List.of("backup-worker", "restore-worker", "catalog-service",
            "alerting-service", "offsite-replicator", "wal-archiver");
    private static final Pattern ROW = Pattern.compile("^\\| (topic|groups) `([^`]+)` \\| (Read|Write) \\|.*$",
            Pattern.MULTILINE);

    @Test
    void everyServiceDocumentsExactlyItsGrants() throws IOException {
        Path repo = RepositoryRoot.containing("infra/kafka-acls.conf");
        List<String[]> grants = Files.readAllLines(repo.resolve("infra/kafka-acls.conf")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")).toList();
        for (String service : SERVICES) {
            Set<String> granted = grants.stream().filter(g -> g[0].equals(service))
                    .map(g -> g[1] + " " + g[2]).collect(Collectors.toCollection(TreeSet::new));
            String doc = Files.readString(repo.resolve(service).resolve("SERVICE.md"));
            int section = doc.indexOf("## Kafka access (principal `" + service + "`)");
            assertThat(section).as(service + "/SERVICE.md has a Kafka access section").isNotNegative();
            int end = doc.indexOf("\n## ", section + 1);
            Matcher rows = ROW.matcher(doc.substring(section, end < 0 ? doc.length() : end));
            Set<String> documented = new TreeSet<>();
            while (rows.find()) {
                String resource = (rows.group(1).equals("topic") ? "topic:" : "group:") + rows.group(2);
                documented.add(rows.group(3) + " " + resource);
            }
            assertThat(documented).as(service + "/SERVICE.md vs infra/kafka-acls.conf").isEqualTo(granted);
        }
        assertThat(grants.stream().map(g -> g[0]).collect(Collectors.toSet()))
                .as("every principal is a service, the operator or the external reader")
                .containsExactlyInAnyOrderElementsOf(concat(SERVICES, List.of("operator", "external-reader")));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
