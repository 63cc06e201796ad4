package dev.mcpproxy.proxy.federation;

import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FederationConfigTest {

    @Test
    void defaults() {
        FederationConfig config = new FederationConfig(null, null);

        assertThat(config.separator()).isEqualTo("__");
        assertThat(config.refreshSeconds()).isEqualTo(300);
    }

    @Test
    void problemsNameTheirKeys() {
        ConfigProblems problems = new ConfigProblems();
        new FederationConfig("/", -1).validate("federation", problems);

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly(
                        "federation.separator: must be 1-4 characters of letters, digits, '_', '.' or '-' "
                                + "(tool-name characters)",
                        "federation.refreshSeconds: must be 0 (off) or positive"));
    }
}
