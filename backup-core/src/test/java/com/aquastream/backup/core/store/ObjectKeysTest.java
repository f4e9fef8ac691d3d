package com.aquastream.backup.core.store;

import com.aquastream.backup.core.naming.InvalidIdentifierException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @Test
    void acceptsTheLayoutsKeys() {
        assertThat(ObjectKeys.requireSafeKey("postgres/app/weekly_user_2025-33.dump.gz.sha256"))
                .isEqualTo("postgres/app/weekly_user_2025-33.dump.gz.sha256");
        assertThat(ObjectKeys.requireSafeKey("redis/cache/dump_20250818T020000Z.rdb.zst")).isNotNull();
    }

    @Test
    void rejectsKeysLongerThan1024Characters() {
        String key = "a/".repeat(512) + "b";

        assertThatThrownBy(() -> ObjectKeys.requireSafeKey(key)).isInstanceOf(UnsafeKeyException.class);
    }

    @Test
    void isAKindOfInvalidIdentifier() {
        assertThatThrownBy(() -> ObjectKeys.requireSafeKey("../x"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("\"../x\"");
    }

    @Test
    void acceptsEmptyAndSlashTerminatedPrefixes() {
        assertThat(ObjectKeys.requireSafePrefix("")).isEmpty();
        assertThat(ObjectKeys.requireSafePrefix("postgres/app/")).isEqualTo("postgres/app/");
        assertThat(ObjectKeys.requireSafePrefix("postgres/app/user_")).isEqualTo("postgres/app/user_");
    }

    @Property
    void neverAcceptsAKeyThatLeavesTheRoot(@ForAll("hostile") String key) {
        Path root = Path.of("/store/root");
        boolean accepted;
        try {
            ObjectKeys.requireSafeKey(key);
            accepted = true;
        } catch (UnsafeKeyException e) {
            accepted = false;
        }

        if (accepted) {
            Path resolved = root.resolve(key).normalize();
            assertThat(resolved.startsWith(root)).isTrue();
            assertThat(resolved).isNotEqualTo(root);
            assertThat(key.split("/", -1)).noneMatch(segment -> segment.isEmpty() || segment.startsWith("."));
            assertThat(key).doesNotContain("\\");
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> pieces = Arbitraries.of("..", ".", "/", "\\", "a", "b1", "-", "_", ".x", "", " ", "\n", "\0",
                "~", "%2e", "é", ":", "x.y");
        return pieces.list().ofMaxSize(8).map(l -> String.join("", l));
    }
}
