package com.aquastream.backup.core.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidecarsTest {

    private static final String SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    @Test
    void formatsLikeSha256sumWithTheBaseName() {
        assertThat(Sidecars.format(SHA, "postgres/app/user_20250818.dump.gz"))
                .isEqualTo(SHA + "  user_20250818.dump.gz\n");
    }

    @Test
    void parsesWhatItFormats() {
        assertThat(Sidecars.parseSha256(Sidecars.format(SHA, "a/b.dump.gz"))).isEqualTo(SHA);
    }

    @Test
    void parsesBinaryModeBareAndUpperCaseDigests() {
        assertThat(Sidecars.parseSha256(SHA + " *b.dump.gz\n")).isEqualTo(SHA);
        assertThat(Sidecars.parseSha256(SHA)).isEqualTo(SHA);
        assertThat(Sidecars.parseSha256(SHA.toUpperCase() + "  x\n")).isEqualTo(SHA);
    }

    @Test
    void rejectsTextWithoutA64CharacterHexDigest() {
        assertThatThrownBy(() -> Sidecars.parseSha256("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sidecars.parseSha256(SHA.substring(1) + "  x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sidecars.parseSha256(SHA + "0  x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sidecars.parseSha256(SHA.replace('5', 'g'))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToFormatSomethingThatIsNotADigest() {
        assertThatThrownBy(() -> Sidecars.format("abc", "a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
