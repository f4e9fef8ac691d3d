package com.aquastream.backup.catalog.backups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void namesTheOnlyPostgresDatabaseAsTheDefaultEvenWithRedisInstancesConfigured() {
        Targets targets = new Targets(List.of(new SchemaRef("aquastream", "user"), new SchemaRef("redis", "cache")));

        assertThat(targets.soleDatabase()).contains("aquastream");
        assertThat(targets.databases()).containsExactly("aquastream", "redis");
    }

    @Test
    void hasNoDefaultDatabaseWhenTwoPostgresDatabasesAreConfigured() {
        Targets targets = new Targets(List.of(new SchemaRef("aquastream", "user"), new SchemaRef("other", "user")));

        assertThat(targets.soleDatabase()).isEmpty();
    }
}
