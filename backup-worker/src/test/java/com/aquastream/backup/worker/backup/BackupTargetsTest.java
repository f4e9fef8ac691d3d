package com.aquastream.backup.worker.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.worker.backup.BackupTargets.Claim;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackupTargetsTest {

    private static final Map<String, Set<String>> DATABASES = Map.of("app", Set.of("user", "payment"));

    @Test
    void defaultPoolServesEverythingButTheExcludedSchemas() {
        BackupTargets defaultPool = new BackupTargets(DATABASES, Set.of(), Set.of("payment"));

        assertThat(defaultPool.claim("app", "user")).isEqualTo(Claim.SERVE);
        assertThat(defaultPool.claim("app", "payment")).isEqualTo(Claim.OTHER_POOL);
    }

    @Test
    void dedicatedPoolServesOnlyItsSchemas() {
        BackupTargets paymentPool = new BackupTargets(DATABASES, Set.of("payment"), Set.of());

        assertThat(paymentPool.claim("app", "payment")).isEqualTo(Claim.SERVE);
        assertThat(paymentPool.claim("app", "user")).isEqualTo(Claim.OTHER_POOL);
    }

    @Test
    void unknownDatabaseOrSchemaIsRefused() {
        BackupTargets pool = new BackupTargets(DATABASES, Set.of(), Set.of());

        assertThat(pool.claim("other", "user")).isEqualTo(Claim.UNKNOWN);
        assertThat(pool.claim("app", "media")).isEqualTo(Claim.UNKNOWN);
    }
}
