package com.aquastream.backup.core.store;

import com.aquastream.backup.core.checksum.DigestingInputStream;
import io.minio.BucketExistsArgs;
import io.minio.ComposeObjectArgs;
import io.minio.ComposeSource;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@link ObjectStore} on an S3-compatible server (MinIO, S3Proxy, AWS) through the MinIO Java client.
 *
 * <p>put streams content of unknown length as a multipart upload with 16 MiB parts: the client buffers one part at a
 * time, so memory per upload is bounded by the part size, not by the archive size (DESIGN.md invariant 7). S3 makes
 * an object visible only when the upload completes, so a content stream that fails midway publishes nothing; the
 * MinIO client then aborts the multipart upload (verified in {@code S3ObjectStoreIT}). Objects up to
 * 16 MiB × 10,000 parts ≈ 156 GiB can be uploaded.
 *
 * <p>copy is server-side: {@code CopyObject} up to 5 GiB, above that {@code composeObject} with one source, which
 * the client performs as a multipart upload-part-copy (S3 limits single-request copies to 5 GiB).
 *
 * <p>move is the interface's copy-then-delete: S3 has no rename, so publishing a staged archive costs one server-side
 * copy, and a failure between copy and delete leaves the staged object behind for the next {@code deleteAll} of its
 * area. An upload killed with its process leaves an incomplete multipart upload, which no list, get or exists ever
 * shows; a bucket lifecycle rule ({@code AbortIncompleteMultipartUpload}) reclaims its parts.
 *
 * <p>Errors are wrapped into {@link IOException}s naming the operation, bucket and key and the S3 error code, never
 * credentials; {@code NoSuchKey} becomes {@link ObjectNotFoundException}.
 */
public final class S3ObjectStore implements ObjectStore {

    /** Multipart part size; also the bound of memory per upload. */
    public static final long PART_SIZE = 16L * 1024 * 1024;

    /** Largest object S3 copies in one CopyObject request. */
    static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private final MinioClient client;
    private final String bucket;

    private S3ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * Connects to the endpoint of {@code settings} and creates the bucket if it does not exist yet.
     *
     * @throws IOException if the server cannot be reached or refuses (message without credentials)
     */
    public static S3ObjectStore connect(S3Settings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        MinioClient.Builder builder = MinioClient.builder().endpoint(settings.endpoint());
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(settings.region());
        }
        if (settings.accessKey() != null) {
            builder.credentials(settings.accessKey(), settings.secretKey());
        }
        S3ObjectStore store = new S3ObjectStore(builder.build(), settings.bucket());
        store.ensureBucket();
        return store;
    }

    /** The bucket this store writes to. */
    public String bucket() {
        return bucket;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public StoredObjectInfo put(String key, InputStream content) throws IOException {
        ObjectKeys.requireSafeKey(key);
        Objects.requireNonNull(content, "content");
        FailureRecordingInputStream recording = new FailureRecordingInputStream(content);
        DigestingInputStream digesting = new DigestingInputStream(recording);
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .stream(digesting, -1, PART_SIZE)
                    .contentType("application/octet-stream")
                    .build());
        } catch (MinioException | GeneralSecurityException | IOException | RuntimeException e) {
            // Why: the client wraps the content's exception (e.g. a DumpFailedException) in its own; callers must see
            // the original cause of the failure, e.g. to report "pg_dump exited 1" rather than "upload failed".
            IOException sourceFailure = recording.failure();
            if (sourceFailure != null) {
                if (sourceFailure != e) {
                    sourceFailure.addSuppressed(e);
                }
                throw sourceFailure;
            }
            throw wrap("put", key, e);
        }
        return new StoredObjectInfo(key, digesting.bytesRead(), digesting.sha256Hex());
    }

    @Override
    public InputStream get(String key) throws IOException {
        ObjectKeys.requireSafeKey(key);
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException | GeneralSecurityException | IOException | RuntimeException e) {
            throw wrap("get", key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        ObjectKeys.requireSafeKey(key);
        try {
            stat(key);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    @Override
    public void copy(String sourceKey, String targetKey) throws IOException {
        ObjectKeys.requireSafeKey(sourceKey);
        ObjectKeys.requireSafeKey(targetKey);
        if (sourceKey.equals(targetKey)) {
            stat(sourceKey); // still report a missing source
            return;
        }
        long size = stat(sourceKey).size();
        try {
            if (size <= MAX_SINGLE_COPY) {
                client.copyObject(CopyObjectArgs.builder()
                        .bucket(bucket)
                        .object(targetKey)
                        .source(CopySource.builder().bucket(bucket).object(sourceKey).build())
                        .build());
            } else {
                client.composeObject(ComposeObjectArgs.builder()
                        .bucket(bucket)
                        .object(targetKey)
                        .sources(List.of(ComposeSource.builder().bucket(bucket).object(sourceKey).build()))
                        .build());
            }
        } catch (MinioException | GeneralSecurityException | IOException | RuntimeException e) {
            IOException wrapped = wrap("copy " + sourceKey + " to", targetKey, e);
            if (wrapped instanceof ObjectNotFoundException) {
                throw new ObjectNotFoundException(sourceKey);
            }
            throw wrapped;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        ObjectKeys.requireSafeKey(key);
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException | GeneralSecurityException | IOException | RuntimeException e) {
            IOException wrapped = wrap("delete", key, e);
            if (!(wrapped instanceof ObjectNotFoundException)) {
                throw wrapped;
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.requireSafePrefix(prefix);
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir() && ObjectKeys.listedFor(prefix, item.objectName())) {
                    keys.add(item.objectName());
                }
            }
        } catch (MinioException | GeneralSecurityException | IOException | RuntimeException e) {
            throw wrap("list", prefix.isEmpty() ? "(all)" : prefix, e);
        }
        Collections.sort(keys);
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return "S3ObjectStore[bucket=" + bucket + "]";
    }

    private StatObjectResponse stat(String key) throws IOException {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException | GeneralSecurityException | IOException | RuntimeException e) {
            throw wrap("stat", key, e);
        }
    }

    private void ensureBucket() throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            // Another instance created it between our check and our create.
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw wrap("create bucket", bucket, e);
            }
        } catch (MinioException | GeneralSecurityException | IOException | RuntimeException e) {
            throw wrap("create bucket", bucket, e);
        }
    }

    /**
     * Maps a client failure to an IOException. Why build our own message: MinIO's messages may include request
     * details; ours names only the operation, bucket, key and S3 error code.
     */
    private IOException wrap(String operation, String key, Exception e) {
        if (e instanceof ErrorResponseException error) {
            String code = error.errorResponse() == null ? null : error.errorResponse().code();
            if (code != null && NOT_FOUND_CODES.contains(code)) {
                return new ObjectNotFoundException(key);
            }
            return new IOException("S3 " + operation + " s3://" + bucket + "/" + key + " failed: " + code, e);
        }
        return new IOException("S3 " + operation + " s3://" + bucket + "/" + key + " failed: "
                + e.getClass().getSimpleName(), e);
    }

    /** Remembers the first IOException the wrapped content stream threw, so put can rethrow it unwrapped. */
    private static final class FailureRecordingInputStream extends FilterInputStream {

        private volatile IOException failure;

        FailureRecordingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void close() {
            // put does not close the caller's stream (ObjectStore contract); the client may try to.
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        IOException failure() {
            return failure;
        }
    }
}
