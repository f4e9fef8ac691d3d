package com.aquastream.backup.core.store;

import com.aquastream.backup.core.checksum.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link ObjectStore} contract, run against every implementation by a subclass that supplies a fresh, empty
 * store (one per test).
 */
public abstract class ObjectStoreContract {

    /** A new empty store; called once per test. */
    protected abstract ObjectStore store() throws IOException;

    /** Bytes the failing-content tests produce before they fail; S3 overrides it to span several parts. */
    protected int bytesBeforeFailure() {
        return 100_000;
    }

    @Test
    void storesContentAndReportsItsSizeAndSha256() throws IOException {
        ObjectStore store = store();
        byte[] content = someBytes(300_000);

        StoredObjectInfo info = store.put("postgres/app/user_20250818.dump.gz", new ByteArrayInputStream(content));

        assertThat(info.key()).isEqualTo("postgres/app/user_20250818.dump.gz");
        assertThat(info.sizeBytes()).isEqualTo(content.length);
        assertThat(info.sha256Hex()).isEqualTo(Sha256.of(content));
        assertThat(read(store, "postgres/app/user_20250818.dump.gz")).isEqualTo(content);
        assertThat(store.exists("postgres/app/user_20250818.dump.gz")).isTrue();
    }

    @Test
    void storesAnEmptyObject() throws IOException {
        ObjectStore store = store();

        StoredObjectInfo info = store.put("a/empty", new ByteArrayInputStream(new byte[0]));

        assertThat(info.sizeBytes()).isZero();
        assertThat(info.sha256Hex()).isEqualTo(Sha256.of(new byte[0]));
        assertThat(read(store, "a/empty")).isEmpty();
    }

    @Test
    void replacesAPreviousObjectOnOverwrite() throws IOException {
        ObjectStore store = store();
        store.put("a/b", bytes("old"));

        store.put("a/b", bytes("new content"));

        assertThat(read(store, "a/b")).asString(StandardCharsets.UTF_8).isEqualTo("new content");
        assertThat(store.list("a/")).containsExactly("a/b");
    }

    @Test
    void leavesNothingUnderTheKeyWhenTheContentFails() throws IOException {
        ObjectStore store = store();

        assertThatThrownBy(() -> store.put("a/broken", failingAfter(bytesBeforeFailure())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("source broke");

        assertThat(store.exists("a/broken")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void keepsThePreviousObjectWhenAnOverwriteFails() throws IOException {
        ObjectStore store = store();
        store.put("a/kept", bytes("version 1"));

        assertThatThrownBy(() -> store.put("a/kept", failingAfter(bytesBeforeFailure())))
                .isInstanceOf(IOException.class);

        assertThat(read(store, "a/kept")).asString(StandardCharsets.UTF_8).isEqualTo("version 1");
        assertThat(store.list("")).containsExactly("a/kept");
    }

    @Test
    void propagatesTheContentsOwnException() throws IOException {
        ObjectStore store = store();
        SourceBroke failure = new SourceBroke();

        assertThatThrownBy(() -> store.put("a/broken", failingAfter(bytesBeforeFailure(), failure)))
                .isSameAs(failure);
    }

    @Test
    void failsWithObjectNotFoundForAMissingKey() throws IOException {
        ObjectStore store = store();

        assertThatThrownBy(() -> store.get("a/missing")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.exists("a/missing")).isFalse();
    }

    @Test
    void copiesAnObjectToAnotherKey() throws IOException {
        ObjectStore store = store();
        byte[] content = someBytes(50_000);
        store.put("postgres/app/user_20250817.dump.gz", new ByteArrayInputStream(content));

        store.copy("postgres/app/user_20250817.dump.gz", "postgres/app/weekly_user_2025-33.dump.gz");

        assertThat(read(store, "postgres/app/weekly_user_2025-33.dump.gz")).isEqualTo(content);
        assertThat(read(store, "postgres/app/user_20250817.dump.gz")).isEqualTo(content);
    }

    @Test
    void copyOverwritesTheTarget() throws IOException {
        ObjectStore store = store();
        store.put("a/source", bytes("fresh"));
        store.put("a/target", bytes("stale"));

        store.copy("a/source", "a/target");

        assertThat(read(store, "a/target")).asString(StandardCharsets.UTF_8).isEqualTo("fresh");
    }

    @Test
    void failsToCopyAMissingObject() throws IOException {
        ObjectStore store = store();

        assertThatThrownBy(() -> store.copy("a/missing", "a/target")).isInstanceOf(ObjectNotFoundException.class);

        assertThat(store.exists("a/target")).isFalse();
    }

    @Test
    void deletesIdempotently() throws IOException {
        ObjectStore store = store();
        store.put("a/doomed", bytes("x"));

        store.delete("a/doomed");
        store.delete("a/doomed");
        store.delete("a/never-existed");

        assertThat(store.exists("a/doomed")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void listsKeysByPrefixInOrder() throws IOException {
        ObjectStore store = store();
        store.put("postgres/app/user_20250818.dump.gz", bytes("3"));
        store.put("postgres/app/event_20250818.dump.gz", bytes("1"));
        store.put("postgres/app/user_20250817.dump.gz", bytes("2"));
        store.put("postgres/other/user_20250818.dump.gz", bytes("4"));
        store.put("redis/cache/dump_20250818T020000Z.rdb.gz", bytes("5"));

        assertThat(store.list("postgres/app/")).containsExactly(
                "postgres/app/event_20250818.dump.gz",
                "postgres/app/user_20250817.dump.gz",
                "postgres/app/user_20250818.dump.gz");
        assertThat(store.list("postgres/app/user_")).containsExactly(
                "postgres/app/user_20250817.dump.gz",
                "postgres/app/user_20250818.dump.gz");
        assertThat(store.list("postgres")).hasSize(4);
        assertThat(store.list("")).hasSize(5);
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void listsNoTemporaryLeftoversAfterFailedPuts() throws IOException {
        ObjectStore store = store();
        store.put("postgres/app/ok.dump.gz", bytes("ok"));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> store.put("postgres/app/bad.dump.gz", failingAfter(bytesBeforeFailure())))
                    .isInstanceOf(IOException.class);
        }

        assertThat(store.list("")).containsExactly("postgres/app/ok.dump.gz");
    }

    @Test
    void movesAnObjectOverAPreviousOneAndLeavesNothingUnderTheSource() throws IOException {
        ObjectStore store = store();
        byte[] content = someBytes(70_000);
        store.put("staging/r1/archive-1", new ByteArrayInputStream(content));
        store.put("postgres/app/user_20250818.dump.gz", bytes("older"));

        store.move("staging/r1/archive-1", "postgres/app/user_20250818.dump.gz");

        assertThat(read(store, "postgres/app/user_20250818.dump.gz")).isEqualTo(content);
        assertThat(store.exists("staging/r1/archive-1")).isFalse();
        assertThat(store.list("")).containsExactly("postgres/app/user_20250818.dump.gz");
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void failsToMoveAMissingObjectAndKeepsTheTarget() throws IOException {
        ObjectStore store = store();
        store.put("a/target", bytes("kept"));

        assertThatThrownBy(() -> store.move("staging/r1/missing", "a/target"))
                .isInstanceOf(ObjectNotFoundException.class);

        assertThat(read(store, "a/target")).asString(StandardCharsets.UTF_8).isEqualTo("kept");
    }

    @Test
    void listsTheRestoreLedgerOnlyForAPrefixInsideIt() throws IOException {
        ObjectStore store = store();
        store.put("postgres/app/user_20250818.dump.gz", bytes("archive"));
        store.put(ObjectKeys.RESTORE_LEDGER + "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d", bytes("state=FINISHED"));

        assertThat(store.list("")).containsExactly("postgres/app/user_20250818.dump.gz");
        assertThat(store.list("re")).isEmpty();
        assertThat(store.list(ObjectKeys.RESTORE_LEDGER))
                .containsExactly(ObjectKeys.RESTORE_LEDGER + "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d");
        assertThat(store.exists(ObjectKeys.RESTORE_LEDGER + "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d")).isTrue();
    }

    @Test
    void listsStagedObjectsOnlyForAPrefixInsideTheStagingArea() throws IOException {
        ObjectStore store = store();
        store.put("postgres/app/user_20250818.dump.gz", bytes("backup"));
        store.put("staging/r1/archive-1", bytes("waiting"));
        store.put("staging/r2/archive-2", bytes("waiting too"));

        assertThat(store.list("")).containsExactly("postgres/app/user_20250818.dump.gz");
        assertThat(store.list("s")).isEmpty();
        assertThat(store.list("staging")).isEmpty();
        assertThat(store.list("staging/")).containsExactly("staging/r1/archive-1", "staging/r2/archive-2");
        assertThat(store.list("staging/r1/")).containsExactly("staging/r1/archive-1");
        assertThat(store.exists("staging/r1/archive-1")).isTrue();
    }

    @Test
    void deletesEverythingUnderAPrefixAndNothingElse() throws IOException {
        ObjectStore store = store();
        store.put("staging/r1/archive-1", bytes("a"));
        store.put("staging/r1/archive-2", bytes("b"));
        store.put("staging/r10/archive-3", bytes("c"));
        store.put("postgres/app/user_20250818.dump.gz", bytes("backup"));

        store.deleteAll("staging/r1/");
        store.deleteAll("staging/r1/");
        store.deleteAll("staging/never-used/");

        assertThat(store.list("staging/")).containsExactly("staging/r10/archive-3");
        assertThat(store.list("")).containsExactly("postgres/app/user_20250818.dump.gz");
        assertThatThrownBy(() -> store.deleteAll("")).isInstanceOf(UnsafeKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a/../../b", "a\\b", "a/./b", "a//b", "a/", ".hidden", "a/.part",
            "a b", "a\nb", "a\u0000b", "", "x;rm -rf"})
    void rejectsUnsafeKeys(String key) throws IOException {
        ObjectStore store = store();

        assertThatThrownBy(() -> store.put(key, bytes("x"))).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> store.exists(key)).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> store.copy(key, "a/b")).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> store.copy("a/b", key)).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> store.move(key, "a/b")).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> store.move("a/b", key)).isInstanceOf(UnsafeKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "/abs", "a/../", "a\\"})
    void rejectsUnsafePrefixes(String prefix) throws IOException {
        ObjectStore store = store();

        assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(UnsafeKeyException.class);
    }

    @Test
    void doesNotCloseTheContentStream() throws IOException {
        ObjectStore store = store();
        CloseTracking content = new CloseTracking(bytes("x"));

        store.put("a/b", content);

        assertThat(content.closed).isFalse();
    }

    // --- fixtures ---

    protected static byte[] read(ObjectStore store, String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    protected static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    protected static byte[] someBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    protected static InputStream failingAfter(int bytes) {
        return failingAfter(bytes, new SourceBroke());
    }

    /** Yields {@code bytes} random bytes, then throws {@code failure}. */
    protected static InputStream failingAfter(int bytes, IOException failure) {
        return new InputStream() {
            private final Random random = new Random(7);
            private int remaining = bytes;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    throw failure;
                }
                int n = Math.min(len, remaining);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                remaining -= n;
                return n;
            }
        };
    }

    /** The failure of a content stream in these tests. */
    protected static final class SourceBroke extends IOException {
        SourceBroke() {
            super("source broke");
        }
    }

    private static final class CloseTracking extends java.io.FilterInputStream {
        boolean closed;

        CloseTracking(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
