package com.aquastream.backup.offsite.config;

import com.aquastream.backup.core.store.S3Settings;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code offsite.*} settings; defaults in application.yml. The primary store and the consumers' tuning are the
 * platform's ({@code backup.platform.*}, backup-core {@code PlatformProperties}). Read by the replication feature's
 * wiring ({@code replication.ReplicationConfiguration}), which turns it into plain settings
 * ({@code ReplicationSettings}, {@code OffsiteRetention}, the expiry guard, the keyring); the reconcile command reads
 * its own environment. Why here, public, and not in the feature's package: it is bound by Spring
 * ({@code @ConfigurationProperties}), and in a feature's package only its {@code @Configuration} may depend on Spring
 * ({@code OffsiteArchitectureTest.domain_should_not_depend_on_spring_kafka_or_s3}).
 */
@ConfigurationProperties("offsite")
public record OffsiteProperties(List<String> tiers, String target, S3 destination, Retention retention,
                                Encryption encryption, Expiry expiry) {

    /**
     * The catalog's expiry signing key (backup-core {@code ExpirySignatures}), shared with the catalog and the
     * backup-worker: a {@code backup.expired} removes offsite copies only when signed with it.
     *
     * @param keyId        id of the current key (env {@code EXPIRY_SIGNING_KEY_ID}, default {@code expiry-1})
     * @param signingKey   the secret, at least 32 bytes (env {@code EXPIRY_SIGNING_KEY}); blank: every expiry is
     *                     refused (dead letter), no copy is ever deleted
     * @param previousKeys keys rotated out whose signatures are still accepted, {@code id=secret,...} (env
     *                     {@code EXPIRY_PREVIOUS_SIGNING_KEYS})
     */
    public record Expiry(String keyId, String signingKey, String previousKeys) {
        @Override
        public String toString() {
            return "Expiry[keyId=" + keyId + ", signingKey=" + (signingKey == null || signingKey.isBlank() ? "<unset>"
                    : "<set>") + ", previousKeys=" + (previousKeys == null || previousKeys.isBlank() ? "<none>"
                    : "<set>") + "]";
        }
    }

    /**
     * Client-side encryption of the offsite copies (Tink); off while {@code keyset} is blank.
     *
     * @param keyset       a Tink streaming AEAD keyset in JSON (env {@code OFFSITE_ENCRYPTION_KEYSET}): its primary key
     *                     encrypts new copies, its other keys still decrypt (rotation)
     * @param keyId        id of the legacy key (env {@code OFFSITE_ENCRYPTION_KEY_ID}): with {@code key} and
     *                     {@code previousKeys}, only decrypts copies written before Tink
     * @param key          the legacy key, base64 of 32 bytes (env {@code OFFSITE_ENCRYPTION_KEY})
     * @param previousKeys {@code id=base64} pairs of older legacy keys (env {@code OFFSITE_ENCRYPTION_PREVIOUS_KEYS})
     */
    public record Encryption(String keyset, String keyId, String key, String previousKeys) {
        @Override
        public String toString() {
            return "Encryption[keyset=" + (keyset == null || keyset.isBlank() ? "none" : "******") + ", keyId="
                    + keyId + ", key=" + (key == null || key.isBlank() ? "none" : "******") + "]";
        }
    }

    /** Copies kept offsite per schema (its own policy; by default the manual's 4 weekly and 3 monthly). */
    public record Retention(int weekly, int monthly) {
    }

    /** The offsite S3 endpoint ({@code offsite.destination.*}) the copies go to. */
    public record S3(String endpoint, String region, String accessKey, String secretKey, String bucket) {

        public S3Settings settings() {
            return new S3Settings(endpoint, region, accessKey, secretKey, bucket);
        }
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + "]";
        }
    }
}
