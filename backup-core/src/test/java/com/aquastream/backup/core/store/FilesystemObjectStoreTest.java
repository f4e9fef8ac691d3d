package com.aquastream.backup.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilesystemObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path root;

    @Override
    protected ObjectStore store() {
        return new FilesystemObjectStore(root.resolve("backups"));
    }

    @Test
    void storesAKeyAsAFileUnderTheRoot() throws IOException {
        ObjectStore store = store();

        store.put("postgres/app/user_20250818.dump.gz", bytes("dump"));

        assertThat(root.resolve("backups/postgres/app/user_20250818.dump.gz")).hasContent("dump");
    }

    @Test
    void removesItsTempFileWhenTheContentFails() throws IOException {
        ObjectStore store = store();
        store.put("postgres/app/other", bytes("x"));

        assertThatThrownBy(() -> store.put("postgres/app/broken", failingAfter(10_000)))
                .isInstanceOf(IOException.class);

        try (Stream<Path> files = Files.list(root.resolve("backups/postgres/app"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("other");
        }
    }

    @Test
    void ignoresTempFilesLeftByACrash() throws IOException {
        ObjectStore store = store();
        store.put("postgres/app/user.dump.gz", bytes("x"));
        Files.writeString(root.resolve("backups/postgres/app/.user.dump.gz.1234.part"), "half");
        Files.createDirectories(root.resolve("backups/.trash"));
        Files.writeString(root.resolve("backups/.trash/old"), "x");

        assertThat(store.list("")).containsExactly("postgres/app/user.dump.gz");
    }

    @Test
    void clearsAStagingAreaWithTheTempFileOfAKilledUpload() throws IOException {
        ObjectStore store = store();
        store.put("staging/r1/archive-1", bytes("staged"));
        Files.writeString(root.resolve("backups/staging/r1/.archive-2.1234.part"), "half, its writer was killed");

        store.deleteAll("staging/r1/");

        assertThat(root.resolve("backups/staging/r1")).doesNotExist();
    }

    @Test
    void movesByRenamingTheFile() throws IOException {
        ObjectStore store = store();
        store.put("staging/r1/archive-1", bytes("dump"));
        Path staged = root.resolve("backups/staging/r1/archive-1");
        Object inode = Files.readAttributes(staged, "unix:ino").get("ino");

        store.move("staging/r1/archive-1", "postgres/app/user_20250818.dump.gz");

        Path published = root.resolve("backups/postgres/app/user_20250818.dump.gz");
        assertThat(published).hasContent("dump");
        assertThat(Files.readAttributes(published, "unix:ino").get("ino")).isEqualTo(inode);
        assertThat(staged).doesNotExist();
    }
}
