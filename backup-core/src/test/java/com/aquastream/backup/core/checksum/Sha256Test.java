package com.aquastream.backup.core.checksum;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    @Test
    void rendersLowerCaseHex() {
        assertThat(Sha256.hex(new byte[] {0x00, 0x0f, (byte) 0xab, (byte) 0xff})).isEqualTo("000fabff");
    }

    @Test
    void digestsAStreamToTheSameValueAsTheBytes() throws IOException {
        byte[] content = "hello\n".getBytes(StandardCharsets.US_ASCII);

        String streamed = Sha256.of(new ByteArrayInputStream(content));

        assertThat(streamed).isEqualTo(Sha256.of(content))
                .isEqualTo("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    }
}
