package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.testing.TestSecrets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiStageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal SUPPORT = new Principal("u1", "console", Set.of(), Set.of("support"), Map.of(), false);
    private static final Principal OTHER = new Principal("u2", "bot", Set.of(), Set.of("sales"), Map.of(), false);

    private final PiiTokenizer tokenizer = newTokenizer();

    @Test
    void tokenizesEveryStringInTheArgumentsAndCountsByType() throws Exception {
        PiiStage stage = stage(PiiConfig.defaults());
        Exchange exchange = call("crm__lookup", """
                {"customer": {"email": "jane.doe@example.com", "notes": ["call +1 202-555-0143", "card 4111 1111 1111 1111"]},
                 "limit": 5, "host": "10.0.0.7"}""", SUPPORT);

        stage.onRequest(exchange);

        String forwarded = exchange.params().toString();
        assertThat(forwarded).doesNotContain("jane.doe@example.com", "202-555-0143", "4111 1111 1111 1111")
                .contains("pii_email_", "pii_phone_", "pii_card_", "\"limit\":5", "10.0.0.7");
        assertThat(exchange.params().at("/arguments/customer/email").textValue())
                .isEqualTo(tokenizer.tokenize("email", "jane.doe@example.com"));
        assertThat(exchange.params().at("/arguments/customer/notes/0").textValue()).startsWith("call pii_phone_");
        assertThat(audit(exchange)).containsEntry("detected", Map.of("card", 1, "email", 1, "ipv4", 1, "phone", 1))
                .containsEntry("tokenized", 3).containsEntry("allowed", 1).containsEntry("restored", 0);
        assertThat(exchange.audit().fields().toString()).doesNotContain("jane", "4111", "10.0.0.7");
    }

    @Test
    void argumentsThatTokenizationExpandsBeyondTheLimitAreRefused() throws Exception {
        PiiStage stage = stage(new PiiConfig(null, null, null, null, null, null, null, null, null, 4096L));
        // Short addresses, each replaced by a token several times its length.
        String addresses = String.join(" ", java.util.stream.IntStream.range(0, 200).mapToObj(i -> "a" + i + "@x.io")
                .toList());
        Exchange exchange = call("crm__lookup", "{\"to\": \"" + addresses + "\"}", SUPPORT);
        assertThat(addresses.length()).isLessThan(4096);

        assertThatThrownBy(() -> stage.onRequest(exchange))
                .isInstanceOfSatisfying(GovernanceException.class, e -> {
                    assertThat(e.code()).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
                    assertThat(e.getMessage()).isEqualTo(
                            "Arguments exceed pii.maxTokenizedBytes (4096 bytes) after tokenization");
                });
        Exchange small = call("crm__lookup", "{\"to\": \"a1@x.io\"}", SUPPORT);
        stage.onRequest(small);
        assertThat(small.params().at("/arguments/to").textValue()).startsWith("pii_email_");
    }

    @Test
    void redactsIrreversiblyAndLeavesAllowedValues() throws Exception {
        PiiStage stage = stage(config(List.of(new PiiDetectorConfig("ssn", null, null, "redact"),
                new PiiDetectorConfig("email", null, null, "allow")), List.of(), false));
        String keyId = TestSecrets.accessKeyId("AKIA", 16);
        Exchange exchange = call("hr__file", """
                {"text": "SSN 123-45-6789 of jane@example.com", "key": "%s"}""".formatted(keyId), SUPPORT);

        stage.onRequest(exchange);

        assertThat(exchange.params().at("/arguments/text").textValue()).isEqualTo("SSN [redacted:ssn] of jane@example.com");
        assertThat(exchange.params().at("/arguments/key").textValue()).isEqualTo("[redacted:awskey]");
        assertThat(audit(exchange)).containsEntry("redacted", 2).containsEntry("allowed", 1);
    }

    @Test
    void blocksWithTheDetectorAndPointerButNeverTheValue() {
        PiiStage stage = stage(config(List.of(new PiiDetectorConfig("card", null, null, "block")), List.of(), false));
        Exchange exchange = call("shop__pay", """
                {"payment": {"a/b": ["x", "use 5555555555554444"]}}""", SUPPORT);

        assertThatThrownBy(() -> stage.onRequest(exchange))
                .isInstanceOfSatisfying(GovernanceException.class, e -> {
                    assertThat(e.code()).isEqualTo(JsonRpcErrors.PII_BLOCKED);
                    assertThat(e.getMessage()).contains("card", "/payment/a~1b/1").doesNotContain("5555");
                    assertThat(e.data().get("detector").textValue()).isEqualTo("card");
                    assertThat(e.data().get("pointer").textValue()).isEqualTo("/payment/a~1b/1");
                });
        assertThat(audit(exchange)).containsEntry("blocked", "card");
    }

    @Test
    void perToolActionsAndPointersApplyOnlyToThatTool() throws Exception {
        PiiToolConfig mailer = new PiiToolConfig("mail__send", Map.of("email", "allow"), List.of("/message"),
                List.of("/message/trace"), null);
        PiiStage stage = stage(config(List.of(), List.of(mailer), false));
        String arguments = """
                {"to": "bob@example.com", "message": {"body": "cc jane@example.com, card 4111111111111111",
                 "trace": "4111111111111111"}}""";

        Exchange mail = call("mail__send", arguments, SUPPORT);
        stage.onRequest(mail);
        Exchange other = call("crm__note", arguments, SUPPORT);
        stage.onRequest(other);

        assertThat(mail.params().at("/arguments/to").textValue()).isEqualTo("bob@example.com");
        assertThat(mail.params().at("/arguments/message/body").textValue())
                .startsWith("cc jane@example.com, card pii_card_");
        assertThat(mail.params().at("/arguments/message/trace").textValue()).isEqualTo("4111111111111111");
        assertThat(other.params().at("/arguments/to").textValue()).startsWith("pii_email_");
        assertThat(other.params().at("/arguments/message/trace").textValue()).startsWith("pii_card_");
    }

    @Test
    void scansNumbersOnlyWhenConfigured() throws Exception {
        String arguments = """
                {"card": 4111111111111111, "amount": 12.5}""";
        Exchange off = call("shop__pay", arguments, SUPPORT);
        stage(PiiConfig.defaults()).onRequest(off);
        Exchange on = call("shop__pay", arguments, SUPPORT);
        stage(config(List.of(), List.of(), true)).onRequest(on);

        assertThat(off.params().at("/arguments/card").isNumber()).isTrue();
        assertThat(on.params().at("/arguments/card").textValue()).isEqualTo(tokenizer.tokenize("card", "4111111111111111"));
        assertThat(on.params().at("/arguments/amount").doubleValue()).isEqualTo(12.5);
    }

    @Test
    void customDetectorsTokenizeUnderTheirOwnType() throws Exception {
        PiiStage stage = stage(config(List.of(new PiiDetectorConfig("employee", "EMP-[0-9]{6}", null, null)),
                List.of(), false));
        Exchange exchange = call("hr__get", """
                {"id": "EMP-004211x"}""", SUPPORT);

        stage.onRequest(exchange);

        String token = tokenizer.tokenize("employee", "EMP-004211");
        assertThat(exchange.params().at("/arguments/id").textValue()).isEqualTo(token + "x");
        assertThat(tokenizer.restore(token + "x", PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo("EMP-004211x");
    }

    @Test
    void restoresTokensInResultsOnlyForAllowedPrincipals() throws Exception {
        PiiStage stage = stage(PiiConfig.defaults());
        String email = tokenizer.tokenize("email", "jane.doe@example.com");
        String card = tokenizer.tokenize("card", "4111 1111 1111 1111");
        String forged = email.substring(0, 20) + (email.charAt(20) == 'a' ? 'b' : 'a') + email.substring(21);
        String result = """
                {"content": [{"type": "text", "text": "Customer %1$s paid with %2$s; also %3$s"},
                             {"type": "resource", "resource": {"uri": "crm://c/1", "text": "%1$s"}}],
                 "structuredContent": {"email": "%1$s", "cards": ["%2$s"], "count": 1}, "isError": false}"""
                .formatted(email, card, forged);

        Exchange allowed = call("crm__lookup", "{}", SUPPORT);
        ObjectNode restored = (ObjectNode) JSON.readTree(result);
        stage.onResult(allowed, restored);
        Exchange denied = call("crm__lookup", "{}", OTHER);
        ObjectNode kept = (ObjectNode) JSON.readTree(result);
        stage.onResult(denied, kept);

        assertThat(restored.at("/content/0/text").textValue())
                .isEqualTo("Customer jane.doe@example.com paid with 4111 1111 1111 1111; also " + forged);
        assertThat(restored.at("/content/1/resource/text").textValue()).isEqualTo("jane.doe@example.com");
        assertThat(restored.at("/structuredContent/email").textValue()).isEqualTo("jane.doe@example.com");
        assertThat(restored.at("/structuredContent/cards/0").textValue()).isEqualTo("4111 1111 1111 1111");
        assertThat(restored.at("/structuredContent/count").intValue()).isEqualTo(1);
        assertThat(audit(allowed)).containsEntry("restored", 5);
        assertThat(kept).isEqualTo(JSON.readTree(result));
        assertThat(denied.audit().get("pii")).isNull();
    }

    @Test
    void leavesMethodsThatCarryNoClientDataAlone() throws Exception {
        PiiStage stage = stage(PiiConfig.defaults());
        Exchange exchange = new Exchange("logging/setLevel", (ObjectNode) JSON.readTree("""
                {"level": "info", "note": "jane@example.com"}"""), SUPPORT, null, null, new AuditEvent());

        stage.onRequest(exchange);

        assertThat(exchange.params().path("note").textValue()).isEqualTo("jane@example.com");
    }

    @Test
    void aDisabledSectionGivesNoStageAndAnEnabledOneLoadsItsKeyset() {
        PiiConfig disabled = new PiiConfig(false, null, null, null, null, null, null);
        PiiConfig fromEnvironment = PiiConfig.defaults();

        assertThat(PiiStage.create(disabled, DetokenizeAuthorizer.NOBODY)).isEmpty();
        assertThat(PiiStage.create(fromEnvironment, DetokenizeAuthorizer.NOBODY)).get()
                .extracting(PiiStage::name).isEqualTo("pii");
    }

    private PiiStage stage(PiiConfig config) {
        return new PiiStage(config, tokenizer,
                DetokenizeAuthorizer.fromConfig(new PiiDetokenizeConfig(false, List.of("support"), null, null)));
    }

    private static PiiConfig config(List<PiiDetectorConfig> detectors, List<PiiToolConfig> tools, boolean scanNumbers) {
        return new PiiConfig(null, null, null, scanNumbers, detectors, tools, null);
    }

    private static Exchange call(String tool, String arguments, Principal principal) {
        try {
            ObjectNode params = JSON.createObjectNode().put("name", tool);
            params.set("arguments", JSON.readTree(arguments));
            return new Exchange("tools/call", params, principal, "s1", JSON.getNodeFactory().numberNode(1), new AuditEvent())
                    .route("up", tool, tool.substring(tool.indexOf("__") + 2), null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> audit(Exchange exchange) {
        return (Map<String, Object>) exchange.audit().get("pii");
    }

    private static PiiTokenizer newTokenizer() {
        try {
            return new PiiTokenizer(PiiKeysetLoader.generate());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
