package com.aquastream.backup.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed-size in-memory pipe between one writer thread and one reader thread.
 *
 * <p>Why not {@link java.io.PipedInputStream}: it cannot tell the reader <em>why</em> the writer stopped (a failed
 * writer looks like a clean EOF or a vague "write end dead"), and its broken-pipe detection polls once a second.
 * Here {@link #failWriter(Throwable)} makes the reader throw that failure instead of seeing EOF — essential, because
 * EOF would make an object store publish a truncated archive — and closing the reader makes the writer fail fast.
 */
public final class BoundedPipe {

    private final byte[] buffer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final InputStream source = new Source();
    private final OutputStream sink = new Sink();
    private int readPos;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;
    private Throwable writerFailure;

    /** A pipe holding at most {@code capacity} bytes in flight. */
    public BoundedPipe(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.buffer = new byte[capacity];
    }

    /** The reading end: blocks while empty; EOF after the writer closed; throws the writer's failure if it failed. */
    public InputStream source() {
        return source;
    }

    /** The writing end: blocks while full; throws once the reader closed. Closing it signals EOF. */
    public OutputStream sink() {
        return sink;
    }

    /**
     * Ends the writing side abnormally: the reader's next read throws {@code failure} (an IOException as is, anything
     * else wrapped), even if bytes are still buffered, since they belong to a stream that will never be whole. Has no
     * effect after the sink was closed normally; a later close of the sink changes nothing.
     */
    public void failWriter(Throwable failure) {
        lock.lock();
        try {
            if (writerFailure == null && !writerClosed) {
                writerFailure = failure;
            }
            writerClosed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private IOException readerFailure() {
        if (writerFailure instanceof IOException io) {
            return io;
        }
        return new IOException("writer of the pipe failed: " + writerFailure, writerFailure);
    }

    private final class Source extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (true) {
                    if (readerClosed) {
                        throw new IOException("pipe closed by reader");
                    }
                    if (writerFailure != null) {
                        throw readerFailure();
                    }
                    if (count > 0) {
                        break;
                    }
                    if (writerClosed) {
                        return -1;
                    }
                    notEmpty.await();
                }
                int n = Math.min(len, count);
                int first = Math.min(n, buffer.length - readPos);
                System.arraycopy(buffer, readPos, b, off, first);
                System.arraycopy(buffer, 0, b, off + first, n - first);
                readPos = (readPos + n) % buffer.length;
                count -= n;
                notFull.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading from pipe");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return count;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                readerClosed = true;
                notFull.signalAll();
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private final class Sink extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                while (len > 0) {
                    if (readerClosed) {
                        throw new IOException("pipe closed by reader");
                    }
                    if (writerClosed) {
                        throw new IOException("pipe closed by writer");
                    }
                    if (count == buffer.length) {
                        notFull.await();
                        continue;
                    }
                    int writePos = (readPos + count) % buffer.length;
                    int n = Math.min(len, Math.min(buffer.length - count, buffer.length - writePos));
                    System.arraycopy(b, off, buffer, writePos, n);
                    count += n;
                    off += n;
                    len -= n;
                    notEmpty.signalAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing to pipe");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                writerClosed = true;
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
