package dev.mcpproxy.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions pack runs on every stack of every environment; no finding may stay unsuppressed, and no
 * other synthesis warning either (so {@code cdk synth --strict} passes).
 */
class NagTest {
    static Stream<Stack> stacks() {
        return TestApps.allEnvironments().environments().stream()
                .flatMap(e -> Stream.of(e.foundation(), e.runtime()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noUnsuppressedAwsSolutionsErrors(Stack stack) {
        List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors).extracting(NagTest::describe).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noUnsuppressedAwsSolutionsWarnings(Stack stack) {
        List<SynthesisMessage> warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings).extracting(NagTest::describe).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noSynthesisWarningsOrErrorsAtAll(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findWarning("*", Match.anyValue())).extracting(NagTest::describe).isEmpty();
        assertThat(annotations.findError("*", Match.anyValue())).extracting(NagTest::describe).isEmpty();
    }

    private static String describe(SynthesisMessage message) {
        String text = String.valueOf(message.getEntry().getData());
        return message.getId() + ": " + text.lines().findFirst().orElse(text);
    }
}
