package dev.mcpproxy.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpproxy.contracts.CdkContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Stack selection by context: {@code env} picks environments, the image decides whether runtime stacks exist. */
class McpProxyAppTest {
    @Test
    void withoutAnImageOnlyFoundationStacksAreSynthesized() {
        TestApps.Built built = TestApps.build(Map.of());
        assertThat(built.app().getNode().getChildren()).filteredOn(Stack.class::isInstance)
                .extracting(c -> ((Stack) c).getStackName())
                .containsExactly("McpProxy-dev-Foundation", "McpProxy-prod-Foundation", "McpProxy-staging-Foundation");
    }

    @Test
    void envContextSelectsOneEnvironmentAndATagPinsTheImage() {
        TestApps.Built built = TestApps.build(Map.of(CdkContext.ENV, "staging", CdkContext.IMAGE_TAG, "0.1.0"));
        assertThat(built.environments()).singleElement()
                .satisfies(e -> assertThat(e.runtime().getStackName()).isEqualTo("McpProxy-staging-Runtime"));
        assertThat(Template.fromStack(built.environment("staging").runtime()).toJSON().toString()).contains(":0.1.0");
    }

    @Test
    void cdkJsonTurnsCloudFormationValidationIntoErrors() {
        assertThat(TestApps.cdkJsonContext()).containsEntry("@aws-cdk/core:validateAgainstDefaultRules", true)
                .containsEntry(CdkContext.ENVIRONMENTS_DIR, "cdk/environments");
    }
}
