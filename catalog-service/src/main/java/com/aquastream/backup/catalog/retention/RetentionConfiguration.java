package com.aquastream.backup.catalog.retention;

import com.aquastream.backup.catalog.backups.BackupCatalog;
import com.aquastream.backup.catalog.backups.SchemaRef;
import com.aquastream.backup.catalog.config.CatalogProperties;
import com.aquastream.backup.core.platform.Outbox;
import com.aquastream.backup.core.platform.ScheduledTask;
import com.aquastream.backup.core.platform.Transactions;
import com.aquastream.backup.core.security.ExpirySignatures;
import com.aquastream.backup.events.BackupExpired;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires retention: the counts of {@code catalog.retention.*} as plain {@link RetentionSettings}, the use case, the
 * expiry signer and retention's own cron task on the platform's timer (STYLE rule 10).
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RetentionConfiguration.class);

    static final String RETENTION = "retention";

    @Bean
    RetentionSettings retentionSettings(CatalogProperties props) {
        CatalogProperties.Retention r = props.retention();
        Keep defaults = r == null || r.defaults() == null ? Keep.DEFAULT : over(r.defaults(), Keep.DEFAULT);
        Map<SchemaRef, Keep> perSchema = new HashMap<>();
        if (r != null && r.schemas() != null) {
            r.schemas().forEach((database, schemas) -> schemas.forEach((schema, counts) ->
                    perSchema.put(new SchemaRef(database, schema), over(counts, defaults))));
        }
        RedisKeep redis = r == null || r.redis() == null ? RedisKeep.DEFAULT : over(r.redis(), RedisKeep.DEFAULT);
        return new RetentionSettings(defaults, perSchema, redis);
    }

    @Bean
    Retention retention(BackupCatalog catalog, Outbox outbox, Transactions transactions, RetentionSettings settings,
                        ExpirySigner expirySigner) {
        return new Retention(catalog, outbox, transactions, new RetentionPolicy(settings), expirySigner);
    }

    /**
     * The expiry signer: its key is the deleters' ({@code EXPIRY_SIGNING_KEY}, a key of its own, not the restore
     * key). Unset: the service runs and plans retention, but expires nothing (the plan says why). Set but shorter
     * than 32 bytes, or a malformed key id: the service does not start.
     */
    @Bean
    ExpirySigner expirySigner(CatalogProperties props) {
        CatalogProperties.Expiry expiry = props.expiry();
        String key = expiry == null ? null : expiry.signingKey();
        if (key == null || key.isBlank()) {
            log.warn("no expiry signing key (catalog.expiry.signing-key / EXPIRY_SIGNING_KEY): retention is paused,"
                    + " nothing is expired and no backup.expired is issued");
            return ExpirySigner.DISABLED;
        }
        String keyId = expiry.keyId() == null || expiry.keyId().isBlank() ? "expiry-1" : expiry.keyId().trim();
        ExpirySignatures signatures = new ExpirySignatures(keyId, key.getBytes(StandardCharsets.UTF_8));
        log.info("backup.expired is signed with expiry key id {}", keyId);
        return new ExpirySigner() {
            @Override
            public BackupExpired signed(BackupExpired event) {
                return signatures.signed(event);
            }

            @Override
            public boolean enabled() {
                return true;
            }
        };
    }

    /** Retention on its own cron (it also runs after every completion), whatever the schedule's trigger. */
    @Bean
    ScheduledTask retentionTask(CatalogProperties props, Retention retention, Clock clock) {
        String cron = props.retention() == null ? null : props.retention().cron();
        return ScheduledTask.cron(RETENTION, cron, () -> retention.applyAll(clock.instant()));
    }

    /** The configured counts over {@code base}: a missing one falls back to the base's. */
    static Keep over(CatalogProperties.Counts counts, Keep base) {
        return new Keep(or(counts.daily(), base.daily()), or(counts.weekly(), base.weekly()),
                or(counts.monthly(), base.monthly()), or(counts.manual(), base.manual()),
                or(counts.preRestore(), base.preRestore()));
    }

    static RedisKeep over(CatalogProperties.RedisCounts counts, RedisKeep base) {
        return new RedisKeep(or(counts.hourly(), base.hourly()), or(counts.daily(), base.daily()),
                or(counts.weekly(), base.weekly()), or(counts.manual(), base.manual()),
                or(counts.preRestore(), base.preRestore()));
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
