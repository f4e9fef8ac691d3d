package com.aquastream.backup.core.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BoundedPipeTest {

    @Test
    void passesBytesThroughInOrderAcrossThreads() throws Exception {
        BoundedPipe pipe = new BoundedPipe(1000);
        byte[] content = new byte[123_457];
        new Random(1).nextBytes(content);

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = pipe.sink()) {
                for (int i = 0; i < content.length; i += 777) {
                    out.write(content, i, Math.min(777, content.length - i));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] read = pipe.source().readAllBytes();

        writer.get();
        assertThat(read).isEqualTo(content);
    }

    @Test
    void blocksTheWriterWhenFull() throws IOException {
        BoundedPipe pipe = new BoundedPipe(10);
        AtomicLong written = new AtomicLong();

        CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    pipe.sink().write(i);
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                // reader closed
            }
        });

        await().until(() -> written.get() == 10);
        assertThat(pipe.source().available()).isEqualTo(10);
        pipe.source().close();
    }

    @Test
    void givesTheReaderTheWritersFailureInsteadOfEof() throws IOException {
        BoundedPipe pipe = new BoundedPipe(100);
        pipe.sink().write(new byte[] {1, 2, 3});
        IOException failure = new IOException("pg_dump exited with code 1");

        pipe.failWriter(failure);

        assertThatThrownBy(() -> pipe.source().read(new byte[10])).isSameAs(failure);
        assertThatThrownBy(() -> pipe.source().read()).isSameAs(failure);
    }

    @Test
    void wrapsANonIoFailureOfTheWriter() {
        BoundedPipe pipe = new BoundedPipe(100);

        pipe.failWriter(new IllegalStateException("codec bug"));

        assertThatThrownBy(() -> pipe.source().read())
                .isInstanceOf(IOException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void ignoresAFailureAfterANormalClose() throws IOException {
        BoundedPipe pipe = new BoundedPipe(100);
        pipe.sink().write(7);
        pipe.sink().close();

        pipe.failWriter(new IOException("late"));

        InputStream in = pipe.source();
        assertThat(in.read()).isEqualTo(7);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void failsTheWriterOnceTheReaderClosed() throws IOException {
        BoundedPipe pipe = new BoundedPipe(4);
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
            try {
                pipe.sink().write(new byte[100]);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        await().until(() -> pipe.source().available() == 4);

        pipe.source().close();

        assertThat(writer.join()).isInstanceOf(IOException.class).hasMessageContaining("closed by reader");
    }
}
