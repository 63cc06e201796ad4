package dev.mcpproxy.cdk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "a1".repeat(32);

    @Test
    void acceptsADigestOrATag() {
        assertThat(ImageReference.ofDigest(DIGEST).digest()).isEqualTo(DIGEST);
        assertThat(ImageReference.ofTag("0.1.0-abc123").tag()).isEqualTo("0.1.0-abc123");
    }

    @Test
    void rejectsBothNeitherMalformedAndLatest() {
        assertThatThrownBy(() -> new ImageReference(DIGEST, "v1")).hasMessage("give exactly one of imageDigest and imageTag");
        assertThatThrownBy(() -> new ImageReference(null, null)).hasMessage("give exactly one of imageDigest and imageTag");
        assertThatThrownBy(() -> ImageReference.ofDigest("sha256:abc")).hasMessageStartingWith("imageDigest: must look like sha256:");
        assertThatThrownBy(() -> ImageReference.ofTag("latest")).hasMessageStartingWith("imageTag: must be a Docker tag other than 'latest'");
        assertThatThrownBy(() -> ImageReference.ofTag("has space")).hasMessageStartingWith("imageTag:");
    }
}
