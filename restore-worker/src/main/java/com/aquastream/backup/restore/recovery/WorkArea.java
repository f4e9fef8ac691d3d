package com.aquastream.backup.restore.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore-worker's scratch space: a directory of this process's own ({@code instance-…}) under
 * {@code restore.work-dir}, holding downloaded archives, decompressed copies, FIFOs and scratch Redis directories.
 *
 * <p>A worker that is killed mid-restore cannot delete what it downloaded, and a restore is redelivered and
 * downloads again, so repeated crashes would fill the disk. Each instance therefore holds an OS file lock on its own
 * directory for as long as it runs; the lock dies with the process. At start, every sibling {@code instance-…}
 * directory whose lock can be taken belongs to no running worker and is deleted. Several workers may share one
 * {@code work-dir}: a live one's directory stays locked and is never touched. {@link #close()} deletes this
 * instance's directory on a clean stop.
 */
public final class WorkArea implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkArea.class);
    static final String PREFIX = "instance-";
    static final String LOCK_FILE = ".lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private WorkArea(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Deletes what dead workers left under {@code root}, then creates and locks a directory for this one. */
    static WorkArea claim(Path root) throws IOException {
        Files.createDirectories(root);
        sweep(root);
        Path dir = Files.createTempDirectory(root, PREFIX);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("cannot lock the new work directory " + dir);
            }
            return new WorkArea(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** This instance's directory. */
    Path dir() {
        return dir;
    }

    /** Deletes every {@code instance-…} directory under {@code root} that no running worker holds; returns them. */
    static List<Path> sweep(Path root) throws IOException {
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(root)) {
            candidates = entries.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(Files::isDirectory).toList();
        }
        List<Path> removed = new ArrayList<>();
        for (Path candidate : candidates) {
            if (removeIfAbandoned(candidate)) {
                removed.add(candidate);
            }
        }
        return removed;
    }

    private static boolean removeIfAbandoned(Path candidate) {
        Path lockFile = candidate.resolve(LOCK_FILE);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // held by this very process (another worker in the same JVM)
            }
            if (lock == null) {
                return false; // a running worker's
            }
            long bytes = deleteTree(candidate);
            log.info("deleted {} ({} MB) left by a restore-worker that stopped without cleaning up", candidate,
                    bytes / (1024 * 1024));
            return true;
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not check or delete the work directory {}: {}", candidate, e.toString());
            return false;
        }
    }

    /** Deletes {@code dir} and everything in it; returns the bytes freed. */
    public static long deleteTree(Path dir) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                bytes += p.toFile().length();
                Files.deleteIfExists(p);
            }
        }
        return bytes;
    }

    /** Deletes this instance's directory and releases its lock. */
    @Override
    public void close() {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the work directory {}: {}", dir, e.toString());
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.debug("releasing the work directory's lock: {}", e.toString());
        }
    }
}
