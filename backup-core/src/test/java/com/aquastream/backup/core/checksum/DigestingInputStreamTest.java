package com.aquastream.backup.core.checksum;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DigestingInputStreamTest {

    @Test
    void digestsTheBytesReadLikeSha256sum() throws IOException {
        DigestingInputStream in = new DigestingInputStream(
                new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));

        in.readAllBytes();

        assertThat(in.sha256Hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(in.bytesRead()).isEqualTo(3);
    }

    @Test
    void digestsNothingAsTheEmptyHash() {
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(new byte[0]));

        assertThat(in.sha256Hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(in.bytesRead()).isZero();
    }

    @Property(tries = 50)
    void agreesWithAOneShotDigestWhateverTheReadPattern(@ForAll @Size(max = 5000) byte[] content,
                                                        @ForAll boolean singleBytes, @ForAll boolean skipSome)
            throws IOException {
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(content));

        if (skipSome) {
            in.skip(content.length / 3);
        }
        if (singleBytes) {
            while (in.read() != -1) {
                // read byte by byte
            }
        } else {
            in.readAllBytes();
        }

        assertThat(in.sha256Hex()).isEqualTo(Sha256.of(content));
        assertThat(in.bytesRead()).isEqualTo(content.length);
    }
}
