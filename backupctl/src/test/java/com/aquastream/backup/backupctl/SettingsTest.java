package com.aquastream.backup.backupctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheKafkaLoginFromTheClientConfigFile() throws Exception {
        Path config = givenClientConfig(dir.resolve("operator.properties"), "broker:9093");

        Map<String, Object> connection = new Settings(Map.of("KAFKA_CLIENT_CONFIG", config.toString()), null)
                .kafkaConnection();

        assertThat(connection).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void letsTheEnvironmentNameTheBootstrapServers() throws Exception {
        Path config = givenClientConfig(dir.resolve("operator.properties"), "broker:9093");

        Map<String, Object> connection = new Settings(Map.of("KAFKA_CLIENT_CONFIG", config.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", "kafka1:9092,kafka2:9092"), null).kafkaConnection();

        assertThat(connection).containsEntry("bootstrap.servers", "kafka1:9092,kafka2:9092");
    }

    @Test
    void usesTheLocalBrokersOperatorLoginInACheckout() throws Exception {
        givenCheckout(dir);
        givenClientConfig(dir.resolve(".run/kafka/clients/operator.properties"), null);

        Map<String, Object> connection = new Settings(Map.of(), dir).kafkaConnection();

        assertThat(connection).containsEntry("bootstrap.servers", Settings.DEFAULT_BOOTSTRAP_SERVERS)
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void asksForAClientConfigOutsideACheckout() {
        Settings settings = new Settings(Map.of(), null);

        assertThatThrownBy(settings::kafkaConnection).isInstanceOf(BackupctlException.class)
                .hasMessageContaining("KAFKA_CLIENT_CONFIG");
    }

    @Test
    void findsTheCheckoutFromAnyDirectoryInside() throws Exception {
        givenCheckout(dir);
        Path deep = Files.createDirectories(dir.resolve("backupctl/target"));

        assertThat(Settings.findRoot(deep)).isEqualTo(dir);
        assertThat(Settings.findRoot(dir.getParent())).isNull();
    }

    @Test
    void readsTheCatalogTokenFromTheCheckoutWhenTheEnvironmentHasNone() throws Exception {
        Files.createDirectories(dir.resolve(".run"));
        Files.writeString(dir.resolve(".run/catalog-api-token"), "secret-token\n");

        assertThat(new Settings(Map.of(), dir).catalogToken()).contains("secret-token");
        assertThat(new Settings(Map.of("CATALOG_API_TOKEN", "from-env"), dir).catalogToken()).contains("from-env");
        assertThat(new Settings(Map.of(), null).catalogToken()).isEmpty();
    }

    @Test
    void defaultsTheCatalogUrlAndDropsATrailingSlash() {
        assertThat(new Settings(Map.of(), null).catalogUrl()).isEqualTo("http://127.0.0.1:8083");
        assertThat(new Settings(Map.of("CATALOG_URL", "https://catalog.example/"), null).catalogUrl())
                .isEqualTo("https://catalog.example");
    }

    private static void givenCheckout(Path root) throws Exception {
        Files.createDirectories(root.resolve("infra"));
        Files.writeString(root.resolve("infra/kafka-acls.conf"), "operator Write topic:backup.requested\n");
    }

    private static Path givenClientConfig(Path file, String bootstrap) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + (bootstrap == null ? "" : "bootstrap.servers=" + bootstrap + "\n"));
        return file;
    }
}
