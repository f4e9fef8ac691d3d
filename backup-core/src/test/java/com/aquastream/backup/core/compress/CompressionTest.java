package com.aquastream.backup.core.compress;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressionTest {

    @Test
    void hasWireNamesAndExtensions() {
        assertThat(Compression.GZIP.wireName()).isEqualTo("gzip");
        assertThat(Compression.GZIP.extension()).isEqualTo(".gz");
        assertThat(Compression.ZSTD.wireName()).isEqualTo("zstd");
        assertThat(Compression.ZSTD.extension()).isEqualTo(".zst");
    }

    @Test
    void findsACodecByItsWireName() {
        assertThat(Compression.fromWireName("gzip")).isEqualTo(Compression.GZIP);
        assertThat(Compression.fromWireName("ZSTD")).isEqualTo(Compression.ZSTD);
    }

    @Test
    void rejectsUnknownWireNames() {
        assertThatThrownBy(() -> Compression.fromWireName("lz4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compression.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesStandardGzipThatTheJdkReads() throws IOException {
        byte[] compressed = compress(Compression.GZIP, text(), 0);

        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(text());
        }
    }

    @Test
    void gzipLevelZeroStoresWithoutCompressingAndStaysStandardGzip() throws IOException {
        byte[] compressed = compress(Compression.GZIP, text(), 0);
        byte[] deflated = compress(Compression.GZIP, text(), 6);

        assertThat(compressed.length).isGreaterThan(text().length);
        assertThat(deflated.length).isLessThan(text().length);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(text());
        }
    }

    @Test
    void startsZstdOutputWithTheZstdMagicNumber() throws IOException {
        byte[] compressed = compress(Compression.ZSTD, text(), 0);

        assertThat(Arrays.copyOf(compressed, 4)).containsExactly(0x28, 0xB5, 0x2F, 0xFD);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void compressesBetterAtHigherLevels(Compression codec) throws IOException {
        byte[] fast = compress(codec, text(), 1);

        byte[] strong = compress(codec, text(), 9);

        assertThat(strong.length).isLessThanOrEqualTo(fast.length);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void failsOnATruncatedStream(Compression codec) throws IOException {
        byte[] compressed = compress(codec, text(), 0);
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);

        assertThatThrownBy(() -> decompress(codec, truncated)).isInstanceOf(IOException.class);
    }

    @Property(tries = 50)
    void roundTripsAnyBytesAtAnyLevel(@ForAll @Size(max = 20_000) byte[] content,
                                      @ForAll Compression codec, @ForAll @IntRange(min = -1, max = 12) int level)
            throws IOException {
        byte[] compressed = compress(codec, content, level);

        assertThat(decompress(codec, compressed)).isEqualTo(content);
    }

    private static byte[] compress(Compression codec, byte[] content, int level) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = codec.compress(bytes, level)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] decompress(Compression codec, byte[] compressed) throws IOException {
        try (InputStream in = codec.decompress(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static byte[] text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("row ").append(i).append(" of table user, status ").append(i % 7).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
