package dev.mcpproxy.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Every stack of every environment against its committed snapshot. A change fails with the list of changed JSON
 * paths; if the change is intended, {@value TemplateSnapshots#UPDATE_COMMAND} rewrites the snapshots for review.
 */
class SnapshotTest {
    static Stream<Stack> stacks() {
        return TestApps.allEnvironments().environments().stream()
                .flatMap(e -> Stream.of(e.foundation(), e.runtime()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void templateMatchesSnapshot(Stack stack) {
        JsonNode current = TemplateSnapshots.normalize(Template.fromStack(stack).toJSON());
        String name = stack.getStackName();
        if (TemplateSnapshots.updating()) {
            TemplateSnapshots.write(name, current);
        }
        assertThat(Files.isRegularFile(TemplateSnapshots.file(name)))
                .as("no snapshot for %s; create it with %s", name, TemplateSnapshots.UPDATE_COMMAND)
                .isTrue();
        assertThat(TemplateSnapshots.differences(TemplateSnapshots.read(name), current))
                .as("%s differs from its snapshot %s; if intended, run %s and commit the result",
                        name, TemplateSnapshots.file(name), TemplateSnapshots.UPDATE_COMMAND)
                .isEmpty();
    }
}
