package com.aquastream.backup.core.store;

import com.aquastream.backup.testsupport.TestS3;
import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object store contract against a real S3 API server (S3Proxy started by test-support, or S3_ENDPOINT). */
class S3ObjectStoreIT extends ObjectStoreContract {

    private String bucket;

    @Override
    protected ObjectStore store() throws IOException {
        bucket = TestS3.newBucket();
        return S3ObjectStore.connect(settings(bucket));
    }

    @Test
    void publishesNothingAndLeavesNoMultipartUploadWhenTheContentFailsAfterSeveralParts() throws Exception {
        ObjectStore store = store();
        int beyondTwoParts = (int) (2 * S3ObjectStore.PART_SIZE + 1024);

        assertThatThrownBy(() -> store.put("postgres/app/big.dump.gz", failingAfter(beyondTwoParts)))
                .isInstanceOf(SourceBroke.class);

        assertThat(store.exists("postgres/app/big.dump.gz")).isFalse();
        assertThat(store.list("")).isEmpty();
        assertThat(pendingMultipartUploads()).isEmpty();
    }

    @Test
    void storesAMultipartObjectWithTheRightChecksum() throws Exception {
        ObjectStore store = store();
        byte[] content = someBytes((int) S3ObjectStore.PART_SIZE + 12_345);

        StoredObjectInfo info = store.put("a/multipart", new java.io.ByteArrayInputStream(content));

        assertThat(info.sizeBytes()).isEqualTo(content.length);
        assertThat(info.sha256Hex()).isEqualTo(com.aquastream.backup.core.checksum.Sha256.of(content));
        assertThat(read(store, "a/multipart")).isEqualTo(content);
    }

    @Test
    void createsAMissingBucket() throws IOException {
        String fresh = "test-created-" + Long.toHexString(System.nanoTime());

        S3ObjectStore store = S3ObjectStore.connect(settings(fresh));
        store.put("a/b", bytes("x"));

        assertThat(store.list("")).containsExactly("a/b");
    }

    @Test
    void keepsTheSecretOutOfSettingsAndErrors() {
        TestS3.Endpoint endpoint = TestS3.endpoint();
        S3Settings wrong = new S3Settings(endpoint.url(), endpoint.region(), endpoint.accessKey(),
                "wrong-secret-value", TestS3.newBucket());

        assertThat(wrong.toString()).doesNotContain("wrong-secret-value");
        assertThatThrownBy(() -> S3ObjectStore.connect(wrong).put("a/b", bytes("x")))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain("wrong-secret-value"));
    }

    private List<Upload> pendingMultipartUploads() throws Exception {
        TestS3.Endpoint endpoint = TestS3.endpoint();
        MinioAsyncClient client = MinioAsyncClient.builder().endpoint(endpoint.url())
                .credentials(endpoint.accessKey(), endpoint.secretKey()).region(endpoint.region()).build();
        return client.listMultipartUploadsAsync(bucket, null, null, null, null, 1000, "", null, null, null)
                .get().result().uploads();
    }

    private static S3Settings settings(String bucket) {
        TestS3.Endpoint endpoint = TestS3.endpoint();
        return new S3Settings(endpoint.url(), endpoint.region(), endpoint.accessKey(), endpoint.secretKey(), bucket);
    }
}
