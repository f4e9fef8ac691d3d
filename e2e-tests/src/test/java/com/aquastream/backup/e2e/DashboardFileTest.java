package com.aquastream.backup.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.testsupport.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard as a file: well-formed, on the provisioned data source, the manual's thresholds in its
 * panels, and where Grafana's provisioning reads it. That its queries return data is {@link DashboardQueriesIT}'s.
 */
class DashboardFileTest {

    static final String DATASOURCES = "ops/grafana/provisioning/datasources/prometheus.yml";
    static final String DASHBOARD_PROVIDERS = "ops/grafana/provisioning/dashboards/backup.yml";

    private final Path repo = RepositoryRoot.containing(GrafanaDashboard.FILE);
    private final GrafanaDashboard dashboard = GrafanaDashboard.read(repo.resolve(GrafanaDashboard.FILE));

    @Test
    void everyPanelHasAUniqueIdTheProvisionedDataSourceAndAQuery() {
        String uid = provisionedDataSourceUid();
        Set<Integer> ids = new HashSet<>();

        assertThat(dashboard.json().path("uid").asString()).isNotBlank();
        assertThat(dashboard.json().path("title").asString()).isNotBlank();
        assertThat(dashboard.panels()).isNotEmpty();
        for (JsonNode panel : dashboard.panels()) {
            String name = "panel \"" + panel.path("title").asString() + "\" (id " + panel.path("id") + ")";
            assertThat(panel.path("id").isIntegralNumber()).as("%s has a numeric id", name).isTrue();
            assertThat(ids.add(panel.path("id").asInt())).as("%s: id used twice", name).isTrue();
            assertThat(panel.path("title").asString()).as("%s has a title", name).isNotBlank();
            assertThat(panel.path("type").asString()).as("%s has a type", name).isNotBlank();
            assertThat(panel.path("gridPos").path("w").asInt()).as("%s width", name).isBetween(1, 24);
            assertThat(panel.path("gridPos").path("h").asInt()).as("%s height", name).isPositive();
            assertThat(panel.path("datasource").path("type").asString()).as("%s data source", name)
                    .isEqualTo("prometheus");
            assertThat(panel.path("datasource").path("uid").asString()).as("%s data source", name).isEqualTo(uid);
            assertThat(panel.path("targets").size()).as("%s has a query", name).isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString()).as("%s: query %s", name, target).isNotBlank();
                assertThat(refIds.add(target.path("refId").asString())).as("%s: refId twice", name).isTrue();
                if (target.has("datasource")) {
                    assertThat(target.path("datasource").path("uid").asString()).as("%s query data source", name)
                            .isEqualTo(uid);
                }
            }
        }
    }

    @Test
    void everyTemplateVariableQueriesTheProvisionedDataSourceWithLabelValues() {
        String uid = provisionedDataSourceUid();

        for (JsonNode variable : dashboard.variables()) {
            assertThat(variable.path("datasource").path("uid").asString()).as("variable %s data source",
                    variable.path("name").asString()).isEqualTo(uid);
        }
        assertThat(dashboard.variableQueries()).allSatisfy(q -> assertThat(q.promql())
                .as("variable %s: only label_values(selector, label) can be checked: %s", q.name(), q.definition())
                .isNotNull());
    }

    @Test
    void theAgeAndSizePanelsCarryTheManualsThresholds() {
        assertThat(dashboard.thresholdsOfPanelsQuerying("backup_last_success_timestamp_seconds"))
                .as("last good backup: red above 25 h").contains(25 * 3600.0);
        assertThat(dashboard.thresholdsOfPanelsQuerying("backup_last_verified_timestamp_seconds"))
                .as("last passed drill: red above 35 d").contains(35 * 86400.0);
        assertThat(dashboard.thresholdsOfPanelsQuerying("max_over_time(backup_last_size_bytes"))
                .as("newest size against the previous: 10 %").contains(0.10);
    }

    @Test
    void interpolatesVariablesAsGrafanaDoesAndLeavesRegexGroupsAlone() {
        assertThat(dashboard.interpolate("x{schema=~\"$schema\", database=~\"${database:regex}\"}[$__rate_interval]"
                + " label_replace(y, \"g\", \"$1\", \"c\", \"(.+)\")"))
                .isEqualTo("x{schema=~\".*\", database=~\".*\"}[1m] label_replace(y, \"g\", \"$1\", \"c\", \"(.+)\")");
    }

    @Test
    void grafanasProvisioningReadsTheDashboardFromWhereItIs() {
        List<String> providerPaths = new ArrayList<>();
        for (Object provider : (List<?>) yaml(DASHBOARD_PROVIDERS).get("providers")) {
            providerPaths.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) provider).get("options")).get("path")));
        }
        Map<?, ?> grafana = (Map<?, ?>) ((Map<?, ?>) yaml("docker-compose.yml").get("services")).get("grafana");
        Path dashboardFile = repo.resolve(GrafanaDashboard.FILE).normalize();

        boolean read = false;
        for (Object volume : (List<?>) grafana.get("volumes")) {
            String[] hostAndContainer = String.valueOf(volume).split(":");
            Path host = repo.resolve(hostAndContainer[0]).normalize();
            Path container = Path.of(hostAndContainer[1]);
            for (String providerPath : providerPaths) {
                // Grafana's file provider reads every *.json below its path, sub-folders included.
                if (Path.of(providerPath).startsWith(container)) {
                    Path readFrom = host.resolve(container.relativize(Path.of(providerPath)).toString()).normalize();
                    read |= dashboardFile.startsWith(readFrom);
                }
            }
        }

        assertThat(read).as("%s lies below a folder docker-compose.yml mounts where %s's providers read (%s)",
                GrafanaDashboard.FILE, DASHBOARD_PROVIDERS, providerPaths).isTrue();
    }

    private String provisionedDataSourceUid() {
        List<?> sources = (List<?>) yaml(DATASOURCES).get("datasources");
        return sources.stream().map(s -> (Map<?, ?>) s).filter(s -> "prometheus".equals(s.get("type")))
                .map(s -> String.valueOf(s.get("uid"))).findFirst()
                .orElseThrow(() -> new AssertionError(DATASOURCES + " provisions no Prometheus data source"));
    }

    private Map<String, Object> yaml(String file) {
        try {
            return new Yaml().load(Files.readString(repo.resolve(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
