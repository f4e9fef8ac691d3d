package com.aquastream.backup.core.redis;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Passes an RDB stream through unchanged while {@link RdbKeyCounter} counts its keys on a thread of its own, so a
 * snapshot is read once, on its way to the store, and its exact key counts come with it.
 *
 * <p>Every chunk read is handed to the counter through a small bounded queue (memory: at most
 * {@value #QUEUE_CHUNKS} chunks of the reader's buffer size). The counter never holds the reader up for long: when it
 * gives up on content it does not know, it goes on only draining the queue. {@link #keysPerDatabase()} is empty
 * unless the whole stream was read and counted; {@link #close()} stops the counter in every case.
 */
public final class KeyCountingStream extends FilterInputStream {

    static final int QUEUE_CHUNKS = 8;
    private static final byte[] END = new byte[0];
    private static final byte[] ABANDONED = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final CompletableFuture<Map<String, Long>> counts = new CompletableFuture<>();
    private final Thread counter;
    private volatile String problem;
    private boolean ended;
    private boolean closed;

    public KeyCountingStream(InputStream rdb, String name) {
        super(rdb);
        counter = new Thread(this::count, "rdb-key-count-" + name);
        counter.setDaemon(true);
        counter.start();
    }

    private void count() {
        QueueInputStream queued = new QueueInputStream(chunks);
        try {
            counts.complete(RdbKeyCounter.keysPerDatabase(queued));
        } catch (IOException | RuntimeException e) {
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            counts.completeExceptionally(e);
        } finally {
            queued.drain();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            hand(Arrays.copyOfRange(b, off, off + n));
        } else if (n < 0 && !ended) {
            ended = true;
            hand(END);
        }
        return n;
    }

    /** Re-reading would hand the counter the same bytes twice. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public long skip(long n) throws IOException {
        // Every byte must pass the counter, so skipping reads.
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 64 * 1024)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    /**
     * The keys per logical database ({@code db0 → n}) of the stream read to its end, or empty when it was not read
     * to the end or holds something {@link RdbKeyCounter} cannot count; waits for the counter at most
     * {@code timeout}.
     */
    public Optional<Map<String, Long>> keysPerDatabase(long timeout, TimeUnit unit) {
        if (!ended) {
            return Optional.empty();
        }
        try {
            return Optional.of(counts.get(timeout, unit));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Why {@link #keysPerDatabase} is empty, for a log line; empty while the counter is still at work or succeeded. */
    public Optional<String> countingProblem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (!ended) {
                chunks.clear();
                chunks.offer(ABANDONED); // the counter drains, so there is room for it
            }
        }
        super.close();
    }

    private void hand(byte[] chunk) throws IOException {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while counting the snapshot's keys");
        }
    }

    /** The counter's side: the chunks as one stream; END is its end, ABANDONED an error. */
    private static final class QueueInputStream extends InputStream {
        private final BlockingQueue<byte[]> chunks;
        private byte[] current = new byte[0];
        private int position;
        private boolean finished;

        QueueInputStream(BlockingQueue<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return current[position++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0 || !fill()) {
                return 0;
            }
            int skipped = (int) Math.min(n, current.length - position);
            position += skipped;
            return skipped;
        }

        private boolean fill() throws IOException {
            while (position == current.length) {
                if (finished) {
                    return false;
                }
                byte[] next = take();
                if (next == END) {
                    finished = true;
                    return false;
                }
                if (next == ABANDONED) {
                    finished = true;
                    throw new IOException("the snapshot was not read to its end");
                }
                current = next;
                position = 0;
            }
            return true;
        }

        private byte[] take() throws IOException {
            try {
                return chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        /** Takes chunks until the stream's end, so the reading side never waits on a counter that stopped. */
        void drain() {
            while (!finished) {
                try {
                    byte[] next = chunks.take();
                    finished = next == END || next == ABANDONED;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
