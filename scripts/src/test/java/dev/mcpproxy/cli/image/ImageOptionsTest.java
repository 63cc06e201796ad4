package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageOptionsTest {

    @TempDir
    Path dir;

    @Test
    void theSourceLabelNeverCarriesCredentialsFromTheRemoteUrl() throws Exception {
        run("git", "init", "-q", dir.toString());
        String token = "token-" + java.util.UUID.randomUUID();
        run("git", "-C", dir.toString(), "remote", "add", "origin",
                "https://user:" + token + "@example.org/team/agentcore-mcp-proxy.git");

        assertThat(ImageOptions.gitSource(dir)).isEqualTo("https://example.org/team/agentcore-mcp-proxy.git");
    }

    @Test
    void outsideAGitCheckoutTheLabelsSaySo() {
        assertThat(ImageOptions.gitRevision(dir)).isEqualTo("unknown");
        assertThat(ImageOptions.gitSource(dir)).isEqualTo("agentcore-mcp-proxy");
    }

    private static void run(String... command) throws Exception {
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }
}
