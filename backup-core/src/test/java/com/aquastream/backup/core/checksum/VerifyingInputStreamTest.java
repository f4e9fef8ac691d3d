package com.aquastream.backup.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aquastream.backup.core.store.InMemoryObjectStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {

    private static final byte[] CONTENT = "weekly archive".getBytes(StandardCharsets.UTF_8);

    @Test
    void passesBytesWhoseChecksumIsTheExpectedOne() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();

        store.put("k", new VerifyingInputStream(new ByteArrayInputStream(CONTENT), Sha256.of(CONTENT), "k"));

        assertThat(store.bytes("k")).isEqualTo(CONTENT);
    }

    @Test
    void failsThePutOfBytesWithAnotherChecksumSoNothingIsVisible() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        String wrong = Sha256.of("something else".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.put("k",
                new VerifyingInputStream(new ByteArrayInputStream(CONTENT), wrong, "k")))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(wrong);

        assertThat(store.exists("k")).isFalse();
    }
}
