package com.aquastream.backup.core.compress;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The outer codec of an archive: what the object's bytes are compressed with, named on the wire (the
 * {@code compression} field of {@code backup.completed}) and in the key's extension.
 *
 * <p>{@link #GZIP} is the default because an operator can restore it with standard tools only
 * ({@code gunzip -c X.dump.gz | pg_restore ...}); {@link #ZSTD} is the fast option.
 */
public enum Compression {

    /**
     * gzip (RFC 1952) via {@code java.util.zip}; default level 6; extension {@code .gz}. Level 0 writes stored
     * (uncompressed) deflate blocks: still a standard gzip stream, for content that is compressed already.
     */
    GZIP("gzip", ".gz") {
        @Override
        public OutputStream compress(OutputStream out, int level) throws IOException {
            int effective = level < 0 ? 6 : Math.min(level, Deflater.BEST_COMPRESSION);
            // A 64 KiB buffer instead of the 512-byte default keeps the number of deflate calls low; the level
            // cannot be set through the constructor, hence the anonymous subclass touching the protected deflater.
            return new GZIPOutputStream(out, GZIP_BUFFER) {
                {
                    def.setLevel(effective);
                }
            };
        }

        @Override
        public InputStream decompress(InputStream in) throws IOException {
            return new GZIPInputStream(in, GZIP_BUFFER);
        }
    },

    /** Zstandard via zstd-jni; default level 3; extension {@code .zst}. */
    ZSTD("zstd", ".zst") {
        @Override
        public OutputStream compress(OutputStream out, int level) throws IOException {
            int effective = level <= 0 ? 3 : Math.min(level, 22);
            ZstdOutputStream zstd = new ZstdOutputStream(out);
            zstd.setLevel(effective);
            // Adds a checksum to every frame so a truncated or corrupted object fails on decompression.
            zstd.setChecksum(true);
            return zstd;
        }

        @Override
        public InputStream decompress(InputStream in) throws IOException {
            return new ZstdInputStream(new BufferedInputStream(in, GZIP_BUFFER));
        }
    };

    private static final int GZIP_BUFFER = 64 * 1024;

    private final String wireName;
    private final String extension;

    Compression(String wireName, String extension) {
        this.wireName = wireName;
        this.extension = extension;
    }

    /** The name used in events and configuration: {@code gzip} or {@code zstd}. */
    public String wireName() {
        return wireName;
    }

    /** The file-name extension including the dot: {@code .gz} or {@code .zst}. */
    public String extension() {
        return extension;
    }

    /**
     * Wraps {@code out} in a compressor. Closing the returned stream finishes the compressed stream and closes
     * {@code out}.
     *
     * @param level codec level; negative selects the codec default (gzip 6, zstd 3), as does 0 for zstd; gzip 0 stores
     *              without compressing; too-high values are capped
     */
    public abstract OutputStream compress(OutputStream out, int level) throws IOException;

    /** Wraps {@code in} in a decompressor of this codec; a corrupt or truncated stream fails with an IOException. */
    public abstract InputStream decompress(InputStream in) throws IOException;

    /**
     * The codec with the given wire name (case-insensitive).
     *
     * @throws IllegalArgumentException for unknown names
     */
    public static Compression fromWireName(String wireName) {
        if (wireName != null) {
            String normalized = wireName.trim().toLowerCase(Locale.ROOT);
            for (Compression c : values()) {
                if (c.wireName.equals(normalized)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown compression \"" + wireName + "\" (expected gzip or zstd)");
    }
}
