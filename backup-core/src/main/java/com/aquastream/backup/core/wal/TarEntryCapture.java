package com.aquastream.backup.core.wal;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Passes a tar stream through unchanged while keeping a copy of a few small entries by name (pg_basebackup's
 * {@code backup_label} and {@code backup_manifest}), so what the backup says about itself is known without a second
 * read. Understands the ustar headers pg_basebackup writes (octal or base-256 sizes, name prefix); nothing else is
 * buffered, so memory stays bounded by the captured entries and their limit.
 */
final class TarEntryCapture extends FilterInputStream {

    private static final int BLOCK = 512;

    private final Set<String> wanted;
    private final int limit;
    private final Map<String, byte[]> captured = new HashMap<>();
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long dataLeft;
    private long paddingLeft;
    private ByteArrayOutputStream capturing;
    private String capturingName;
    private boolean ended;

    /**
     * @param limit the most bytes kept of one entry; a larger entry is not captured at all
     */
    TarEntryCapture(InputStream in, Set<String> wanted, int limit) {
        super(in);
        this.wanted = Set.copyOf(wanted);
        this.limit = limit;
    }

    /** The content of entry {@code name}, once the stream went past its end. */
    Optional<byte[]> entry(String name) {
        return Optional.ofNullable(captured.get(name));
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            consume(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            consume(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        int r = read(new byte[(int) Math.min(Math.max(n, 0), 8192)]);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void consume(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && !ended) {
            if (dataLeft > 0) {
                int n = (int) Math.min(dataLeft, end - i);
                if (capturing != null) {
                    capturing.write(b, i, n);
                }
                dataLeft -= n;
                i += n;
                if (dataLeft == 0 && capturing != null) {
                    captured.put(capturingName, capturing.toByteArray());
                    capturing = null;
                }
            } else if (paddingLeft > 0) {
                int n = (int) Math.min(paddingLeft, end - i);
                paddingLeft -= n;
                i += n;
            } else {
                int n = Math.min(BLOCK - headerFill, end - i);
                System.arraycopy(b, i, header, headerFill, n);
                headerFill += n;
                i += n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    startEntry();
                }
            }
        }
    }

    private void startEntry() {
        if (allZero(header)) {
            return; // end-of-archive blocks (two of them); nothing follows
        }
        String name = text(0, 100);
        String prefix = text(345, 155);
        if (!prefix.isEmpty()) {
            name = prefix + "/" + name;
        }
        long size = size();
        dataLeft = size;
        paddingLeft = (BLOCK - size % BLOCK) % BLOCK;
        if (wanted.contains(name) && size <= limit && size > 0) {
            capturing = new ByteArrayOutputStream((int) size);
            capturingName = name;
        } else if (wanted.contains(name) && size == 0) {
            captured.put(name, new byte[0]);
        }
    }

    private long size() {
        if ((header[124] & 0x80) != 0) { // base-256 for sizes beyond 8 GiB
            long value = 0;
            for (int i = 125; i < 136; i++) {
                value = value << 8 | (header[i] & 0xff);
            }
            return value;
        }
        String octal = text(124, 12).trim();
        return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    }

    private String text(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
