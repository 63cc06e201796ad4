package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theDocumentedExampleBindsAndIsValid() throws Exception {
        // The same YAML as the example in docs/pii.md.
        PiiConfig config = YAML.readValue(PiiConfigTest.class.getResource("/pii/example.yaml"), Wrapper.class).pii();
        ConfigProblems problems = new ConfigProblems();
        config.validate("pii", problems);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(config.actions()).containsEntry("card", PiiAction.BLOCK).containsEntry("employee", PiiAction.TOKENIZE)
                .containsEntry("email", PiiAction.TOKENIZE);
        assertThat(config.tools()).hasSize(1);
        assertThat(config.methods()).containsOnlyKeys("prompts/get", "resources/read", "completion/complete");
        assertThat(config.methods().get("completion/complete").enabled()).isFalse();
        assertThat(config.results().actions()).containsEntry("iban", "redact");
        assertThat(config.results().methods().get("tools/call").items()).hasSize(1);
    }

    @Test
    void absentValuesTakeTheirDefaults() {
        PiiConfig config = PiiConfig.defaults();
        ConfigProblems problems = new ConfigProblems();
        config.validate("pii", problems);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(config.enabled()).isTrue();
        assertThat(config.phoneRegion()).isEqualTo("US");
        assertThat(config.scanNumbers()).isFalse();
        assertThat(config.detokenize().everyone()).isFalse();
        assertThat(config.actions()).containsEntry("email", PiiAction.TOKENIZE).containsEntry("ipv4", PiiAction.ALLOW)
                .containsEntry("awskey", PiiAction.REDACT).hasSize(PiiScanner.BUILT_IN.size());
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> YAML.readValue("pii:\n  detectors:\n    - name: email\n      acton: block\n", Wrapper.class))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("acton");
    }

    @Test
    void everyProblemNamesItsFullKey() throws Exception {
        PiiConfig config = YAML.readValue("""
                pii:
                  phoneRegion: XX
                  keyset: {file: /k.json, secretArn: "arn:aws:s3:::bucket"}
                  detectors:
                    - name: email
                      action: shred
                    - name: employee
                    - name: order
                      pattern: "ORD-[0-9"
                      validator: crc
                    - name: Bad_Name
                      pattern: x
                    - name: card
                      pattern: "[0-9]{16}"
                  tools:
                    - name: crm__lookup
                      actions: {fax: allow, email: never}
                      include: [customer]
                  """, Wrapper.class).pii();
        ConfigProblems problems = new ConfigProblems();
        config.validate("pii", problems);

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "pii.keyset: give at most one of env, file, secretArn",
                        "pii.keyset.secretArn: must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)",
                        "pii.phoneRegion: must be an ISO 3166 region code libphonenumber knows, e.g. US, GB, DE",
                        "pii.detectors[0].action: must be one of tokenize, redact, block, allow",
                        "pii.detectors[1].name: not a built-in detector (email, phone, card, ssn, iban, ipv4, ipv6, awskey); give a pattern for a custom one",
                        "pii.detectors[2].pattern: not a valid regular expression (Unclosed character class)",
                        "pii.detectors[2].validator: must be one of none, luhn, mod97",
                        "pii.detectors[3].name: must be lower-case letters and digits, starting with a letter (it appears in tokens)",
                        "pii.detectors[4].name: is a built-in detector; choose another name for a custom one",
                        "pii.tools[0].actions.email: must be one of tokenize, redact, block, allow",
                        "pii.tools[0].actions.fax: no such detector",
                        "pii.tools[0].include[0]: must be a JSON pointer into the arguments, e.g. /customer/email"));
    }

    record Wrapper(PiiConfig pii) {
    }
}
