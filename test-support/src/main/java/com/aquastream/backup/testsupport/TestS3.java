package com.aquastream.backup.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

/**
 * The S3-compatible servers the integration tests use. An endpoint given in the environment wins
 * ({@code S3_ENDPOINT}, {@code S3_OFFSITE_ENDPOINT}, with {@code S3_ACCESS_KEY} / {@code S3_SECRET_KEY});
 * otherwise this class starts the project's own S3Proxy with {@code infra/s3proxy.sh} and stops it again when
 * this JVM exits (a server that was already running, started by an operator or another JVM, is used and left
 * alone). So {@code ./mvnw verify} leaves no server behind.
 */
public final class TestS3 {

    /** Where an S3 server is and how to sign requests to it; clients use path-style addressing. */
    public record Endpoint(String url, String accessKey, String secretKey, String region) {
    }

    private static final String REGION = "us-east-1";
    private static final String SCRIPT = "infra/s3proxy.sh";
    private static final long START_TIMEOUT_SECONDS = 180;

    private TestS3() {
    }

    public static Endpoint endpoint() {
        return Primary.ENDPOINT;
    }

    /** A MinioClient for the endpoint. */
    public static MinioClient client() {
        return client(endpoint());
    }

    /** A MinioClient for the given endpoint, e.g. {@link #offsiteEndpoint()}. */
    public static MinioClient client(Endpoint endpoint) {
        return MinioClient.builder()
                .endpoint(endpoint.url())
                .credentials(endpoint.accessKey(), endpoint.secretKey())
                .region(endpoint.region())
                .build();
    }

    /** Creates a new uniquely-named bucket (lowercase, "test-" + random) and returns its name. */
    public static String newBucket() {
        String bucket = "test-" + RandomNames.lowercase(12);
        try {
            client().makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new IllegalStateException("Could not create bucket " + bucket + " at " + endpoint().url(), e);
        }
        return bucket;
    }

    /** A second, independent S3 server (instance "offsite", port S3_OFFSITE_PORT default 9100; or S3_OFFSITE_ENDPOINT if set), for offsite tests. */
    public static Endpoint offsiteEndpoint() {
        return Offsite.ENDPOINT;
    }

    private static final class Primary {
        static final Endpoint ENDPOINT = resolve("S3_ENDPOINT", "S3_PORT", "9000", null);
    }

    private static final class Offsite {
        static final Endpoint ENDPOINT = resolve("S3_OFFSITE_ENDPOINT", "S3_OFFSITE_PORT", "9100", "offsite");
    }

    private static Endpoint resolve(String endpointVariable, String portVariable, String defaultPort, String instance) {
        String accessKey = Settings.get("S3_ACCESS_KEY", "backup");
        String secretKey = Settings.get("S3_SECRET_KEY", "backup-secret-key");
        String url = Settings.get(endpointVariable);
        if (url == null) {
            String port = Settings.get(portVariable, defaultPort);
            startOwnServer(instance, port, accessKey, secretKey);
            url = "http://127.0.0.1:" + port;
        }
        return new Endpoint(url, accessKey, secretKey, REGION);
    }

    /** Runs {@code infra/s3proxy.sh stop [instance]} for a server this JVM started. */
    private static void stopOwnServer(Path repo, String instance, String port) {
        ProcessBuilder command = instance == null
                ? new ProcessBuilder("bash", SCRIPT, "stop")
                : new ProcessBuilder("bash", SCRIPT, "stop", instance);
        command.environment().put("S3_PORT", port);
        try {
            Process process = command.directory(repo.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("could not stop the S3Proxy this JVM started: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code infra/s3proxy.sh start [instance]}, which returns at once when the server already runs. */
    private static void startOwnServer(String instance, String port, String accessKey, String secretKey) {
        Path repo = RepositoryRoot.containing(SCRIPT);
        ProcessBuilder command = instance == null
                ? new ProcessBuilder("bash", SCRIPT, "start")
                : new ProcessBuilder("bash", SCRIPT, "start", instance);
        command.environment().put("S3_PORT", port);
        command.environment().put("S3_ACCESS_KEY", accessKey);
        command.environment().put("S3_SECRET_KEY", secretKey);
        try {
            // Output to a file, not a pipe: the server the script leaves behind would otherwise hold the pipe open.
            Path output = Files.createTempFile("s3proxy-start", ".log");
            Process process = command.directory(repo.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " start did not finish within " + START_TIMEOUT_SECONDS + " s");
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(SCRIPT + " start exited " + process.exitValue() + ":\n" + log);
            }
            if (!log.contains("already running")) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOwnServer(repo, instance, port),
                        "s3proxy-stop" + (instance == null ? "" : "-" + instance)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + SCRIPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting S3Proxy", e);
        }
    }
}
