import com.aquastream.backup.core.crypto.Keyring;
import com.aquastream.backup.core.crypto.OffsiteEncryption;
import com.aquastream.backup.core.crypto.StreamContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Throughput and memory of backup-core's OffsiteEncryption (Tink streaming AEAD): SHA-256 alone (the replicator's
 * checksum, for reference), encryption, and encryption followed by decryption of a generated stream of N bytes,
 * with a heap far smaller than N. Run by bench/crypto-bench.sh.
 */
public class CryptoBench {

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
        Keyring keyring = Keyring.of(Keyring.newKeyset(), List.of());
        // Tink streaming AEAD (AES256_GCM_HKDF_1MB), bound to the copy's object key and backup id as the replicator writes.
        StreamContext ctx = new StreamContext("postgres/bench/weekly_bench_2026-01.dump.gz",
                "00000000-0000-4000-8000-000000000000");

        long warmUp = Math.min(size, 256L << 20);
        run("warm-up (JIT), encrypt + decrypt", warmUp,
                () -> OffsiteEncryption.decrypting(OffsiteEncryption.encrypting(new Generated(warmUp), keyring, ctx),
                        keyring, ctx, false));
        for (int round = 1; round <= 3; round++) {
            System.out.println("round " + round);
            String plainSha = run("sha256 of the plaintext (reference)", size, () -> new Generated(size));
            run("encrypt", size, () -> OffsiteEncryption.encrypting(new Generated(size), keyring, ctx));
            String roundTrip = run("encrypt + decrypt", size,
                    () -> OffsiteEncryption.decrypting(OffsiteEncryption.encrypting(new Generated(size), keyring, ctx),
                            keyring, ctx, false));
            if (!plainSha.equals(roundTrip)) {
                throw new IllegalStateException("round trip changed the bytes");
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("bytes %d, heap max %d MiB, VmHWM (peak RSS) %s%n", size, rt.maxMemory() >> 20,
                Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                        .findFirst().orElse("?").replaceAll("\\s+", " "));
    }

    interface Source {
        InputStream open() throws IOException;
    }

    private static String run(String what, long size, Source source) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long start = System.nanoTime();
        long total = 0;
        try (InputStream in = source.open()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha.update(buffer, 0, n);
                total += n;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-36s %6.1f MB/s  (%.2f s, %d bytes out)%n", what, size / 1e6 / seconds, seconds, total);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** N pseudo-random bytes, produced on the fly from a 1 MiB block (no N-sized buffer anywhere). */
    static final class Generated extends InputStream {
        private static final byte[] BLOCK = new byte[1 << 20];

        static {
            new java.util.Random(42).nextBytes(BLOCK);
        }

        private long left;
        private long pos;

        Generated(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int at = (int) (pos % BLOCK.length);
            int n = (int) Math.min(Math.min(len, left), BLOCK.length - at);
            System.arraycopy(BLOCK, at, b, off, n);
            if (at == 0) {
                b[off] ^= (byte) (pos >>> 20);   // each MiB differs, however the reader chunks its reads
            }
            pos += n;
            left -= n;
            return n;
        }
    }
}
