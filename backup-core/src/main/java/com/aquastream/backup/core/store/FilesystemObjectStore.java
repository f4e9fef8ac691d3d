package com.aquastream.backup.core.store;

import com.aquastream.backup.core.checksum.DigestingInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link ObjectStore} in a local directory: key {@code a/b/c} is the file {@code root/a/b/c}. The twin of
 * {@link S3ObjectStore} for local runs and tests.
 *
 * <p>Atomicity: put and copy write a hidden temp file {@code .{name}.{uuid}.part} in the target's directory, fsync it,
 * and rename it over the target with {@code ATOMIC_MOVE} — a rename within one directory is atomic on POSIX
 * filesystems, so readers see the old object or the new one, never a part. Temp files are deleted on failure, and
 * since keys can never have a segment starting with '.', {@link #list} skips them (and any left by a crash).
 *
 * <p>move is one atomic rename ({@code ATOMIC_MOVE}), from the staging area to a final key included, since both lie
 * under one root. {@link #list} does not enter the {@code staging} directory unless the prefix is inside it, and
 * {@link #deleteAll} of a directory prefix removes the whole directory, temp files of a killed upload included.
 *
 * <p>Limitation: a key cannot be both an object and a "directory" of other keys ({@code a} and {@code a/b}); the
 * storage layout never does that.
 */
public final class FilesystemObjectStore implements ObjectStore {

    private static final int BUFFER = 64 * 1024;

    private final Path root;

    /** A store rooted at {@code root}; the directory is created on first write if missing. */
    public FilesystemObjectStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The root directory of this store. */
    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public StoredObjectInfo put(String key, InputStream content) throws IOException {
        Path target = resolve(key);
        Objects.requireNonNull(content, "content");
        DigestingInputStream digesting = new DigestingInputStream(content);
        publishAtomically(target, temp -> {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = digesting.read(buffer)) != -1) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
                channel.force(true);
            }
        });
        return new StoredObjectInfo(key, digesting.bytesRead(), digesting.sha256Hex());
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw new ObjectNotFoundException(key);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            // deleted between the check and the open
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws IOException {
        Path source = resolve(sourceKey);
        Path target = resolve(targetKey);
        if (!Files.isRegularFile(source)) {
            throw new ObjectNotFoundException(sourceKey);
        }
        if (source.equals(target)) {
            return;
        }
        publishAtomically(target, temp -> {
            try {
                Files.copy(source, temp);
            } catch (NoSuchFileException e) {
                throw new ObjectNotFoundException(sourceKey);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        });
    }

    @Override
    public void move(String sourceKey, String targetKey) throws IOException {
        Path source = resolve(sourceKey);
        Path target = resolve(targetKey);
        if (!Files.isRegularFile(source)) {
            throw new ObjectNotFoundException(sourceKey);
        }
        if (source.equals(target)) {
            return;
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(sourceKey);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("filesystem under " + root + " does not support atomic rename", e);
        }
        fsyncDirectory(dir);
        fsyncDirectory(source.getParent());
    }

    /**
     * For a prefix naming a directory ({@code staging/x/}) removes that whole directory, hidden temp files of
     * interrupted puts included; any other prefix deletes the listed objects.
     */
    @Override
    public void deleteAll(String prefix) throws IOException {
        ObjectKeys.requireSafePrefix(prefix);
        if (prefix.isEmpty()) {
            throw new UnsafeKeyException("deleteAll needs a non-empty prefix");
        }
        if (!prefix.endsWith("/")) {
            for (String key : list(prefix)) {
                delete(key);
            }
            return;
        }
        Path dir = resolve(prefix.substring(0, prefix.length() - 1));
        if (!Files.isDirectory(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        if (!Files.isDirectory(file)) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.requireSafePrefix(prefix);
        // Walk only the deepest directory the prefix names, not the whole store.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        Path staging = root.resolve(ObjectKeys.STAGING_AREA.substring(0, ObjectKeys.STAGING_AREA.length() - 1));
        boolean inStaging = prefix.startsWith(ObjectKeys.STAGING_AREA);
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean skip = !dir.equals(start) && (isHidden(dir) || (!inStaging && dir.equals(staging)));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !isHidden(file)) {
                    String key = toKey(file);
                    if (ObjectKeys.listedFor(prefix, key)) {
                        keys.add(key);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // a temp file renamed or deleted while we walked
                }
                throw exc;
            }
        });
        Collections.sort(keys);
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return "FilesystemObjectStore[" + root + "]";
    }

    private Path resolve(String key) {
        ObjectKeys.requireSafeKey(key);
        Path path = root.resolve(key).normalize();
        // Belt and braces: requireSafeKey already excludes "..", absolute keys and separators other than '/'.
        if (!path.startsWith(root) || path.equals(root)) {
            throw new UnsafeKeyException("object key escapes the store root");
        }
        return path;
    }

    private String toKey(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** Fills a temp file beside {@code target} with {@code writer}, then renames it over {@code target}. */
    private void publishAtomically(Path target, TempWriter writer) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        boolean published = false;
        try {
            writer.write(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("filesystem under " + root + " does not support atomic rename", e);
            }
            published = true;
            fsyncDirectory(dir);
        } finally {
            if (!published) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes the rename durable; best effort, since not every platform can open a directory for fsync. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Durability of the directory entry is not guaranteed on this platform; the object is still published.
        }
    }

    @FunctionalInterface
    private interface TempWriter {
        void write(Path temp) throws IOException;
    }

}
