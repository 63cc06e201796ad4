package dev.mcpproxy.cdk.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpproxy.cdk.TestApps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Every environment's templates pass AWS's CloudFormation validator with every rule on: no error, and no warning
 * beyond the ones listed in {@link #ACCEPTED_WARNINGS}, each with its reason.
 */
class CloudFormationValidatorTest {
    /** Warnings that stay, and why; everything else the validator reports fails the test. */
    static final Map<String, String> ACCEPTED_WARNINGS = Map.of(
            "W3005", "aws-cdk-lib's L2 constructs (Runtime, log deliveries, Cognito clients) add a DependsOn that a "
                    + "reference already implies; redundant, and harmless to CloudFormation.");

    static Stream<CloudFormationStackArtifact> stacks() {
        CloudAssembly assembly = TestApps.allEnvironments().app().synth();
        return assembly.getStacks().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void templatePassesEveryRule(CloudFormationStackArtifact stack) {
        List<CloudFormationValidator.Diagnostic> diagnostics = CloudFormationValidator.validate(
                List.of(Path.of(stack.getTemplateFullPath())), stack.getEnvironment().getAccount(), stack.getEnvironment().getRegion());
        assertThat(diagnostics).filteredOn(d -> !d.severity().equals("WARN")).as("errors").isEmpty();
        assertThat(diagnostics).filteredOn(d -> !ACCEPTED_WARNINGS.containsKey(d.ruleId())).as("warnings").isEmpty();
    }
}
