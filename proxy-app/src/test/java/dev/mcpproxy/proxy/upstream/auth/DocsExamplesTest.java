package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.ratelimit.RateLimitConfig;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every YAML example in the edge documentation binds to its records and validates. */
class DocsExamplesTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @ParameterizedTest
    @ValueSource(strings = {"upstream-auth.md", "ratelimits.md"})
    void examplesAreValidConfiguration(String document) throws Exception {
        List<JsonNode> examples = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(Files.readString(docs().resolve(document)));
        while (block.find()) {
            examples.add(yaml.readTree(block.group(1)));
        }
        assertThat(examples).isNotEmpty();

        ConfigProblems problems = new ConfigProblems();
        int checked = 0;
        for (JsonNode example : examples) {
            for (int i = 0; i < example.path("upstreams").size(); i++) {
                JsonNode upstream = example.path("upstreams").get(i);
                assertThat(upstream.path("url").asText()).startsWith("https://");
                if (upstream.has("auth")) {
                    yaml.treeToValue(upstream.get("auth"), UpstreamAuthConfig.class)
                            .validate("upstreams[" + i + "].auth", problems);
                    checked++;
                }
                if (upstream.has("resilience")) {
                    yaml.treeToValue(upstream.get("resilience"), ResilienceConfig.class)
                            .validate("upstreams[" + i + "].resilience", problems);
                    checked++;
                }
            }
            if (example.has("rateLimits")) {
                yaml.treeToValue(example.get("rateLimits"), RateLimitConfig.class).validate("rateLimits", problems);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(examples.size());
        problems.throwIfAny();
    }

    private static Path docs() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("docs")) ? here.resolve("docs") : here.getParent().resolve("docs");
    }
}
