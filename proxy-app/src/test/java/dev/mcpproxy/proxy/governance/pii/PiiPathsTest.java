package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.audit.ArgumentDigest;
import dev.mcpproxy.proxy.audit.AuditTrail;
import dev.mcpproxy.proxy.audit.JsonLinesAuditSink;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.testing.TestSecrets;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every message path of the stage: data a client sends, data an upstream sends, per caller. */
class PiiPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Principal SUPPORT = new Principal("u1", "console", Set.of(), Set.of("support"), Map.of(), false);
    private static final Principal ANALYTICS = new Principal("u2", "bot", Set.of(), Set.of("analytics"), Map.of(), false);
    private static final String EMAIL = "jane.doe@example.com";
    private static final String CARD = "4111 1111 1111 1111";

    private final PiiTokenizer tokenizer = newTokenizer();
    private final PiiStage stage = stage(PiiConfig.defaults());

    @Test
    void promptArgumentsAreTokenizedBeforeTheUpstreamSeesThem() throws Exception {
        Exchange exchange = exchange("prompts/get", """
                {"name": "crm__draft", "arguments": {"to": "%s", "topic": "refund"}}""".formatted(EMAIL), ANALYTICS,
                "crm__draft");

        stage.onRequest(exchange);

        assertThat(exchange.params().at("/arguments/to").textValue()).isEqualTo(tokenizer.tokenize("email", EMAIL));
        assertThat(exchange.params().at("/arguments/topic").textValue()).isEqualTo("refund");
        assertThat(audit(exchange)).containsEntry("detected", Map.of("email", 1)).containsEntry("tokenized", 1);
    }

    @Test
    void completionArgumentsAndContextAreTokenizedButTheReferenceIsKept() throws Exception {
        Exchange exchange = exchange("completion/complete", """
                {"ref": {"type": "ref/prompt", "name": "crm__draft"},
                 "argument": {"name": "to", "value": "%1$s"},
                 "context": {"arguments": {"card": "%2$s"}}}""".formatted(EMAIL, CARD), ANALYTICS, "crm__draft");

        stage.onRequest(exchange);

        assertThat(exchange.params().at("/argument/value").textValue()).isEqualTo(tokenizer.tokenize("email", EMAIL));
        assertThat(exchange.params().at("/argument/name").textValue()).isEqualTo("to");
        assertThat(exchange.params().at("/context/arguments/card").textValue()).startsWith("pii_card_");
        assertThat(exchange.params().at("/ref/name").textValue()).isEqualTo("crm__draft");
    }

    @Test
    void aResourceUriKeepsBeingAValidUriWithTheTokenInIt() throws Exception {
        for (String method : List.of("resources/read", "resources/subscribe", "resources/unsubscribe")) {
            Exchange exchange = exchange(method, """
                    {"uri": "crm://customers/%s?card=4111111111111111"}""".formatted(EMAIL), ANALYTICS, null);

            stage.onRequest(exchange);

            String uri = exchange.params().path("uri").textValue();
            assertThat(uri).isEqualTo("crm://customers/" + tokenizer.tokenize("email", EMAIL) + "?card="
                    + tokenizer.tokenize("card", "4111111111111111"));
            assertThat(URI.create(uri).getScheme()).isEqualTo("crm");
        }
    }

    @Test
    void auditAndSpansShowAResourceUriOnlyInAFormWithoutValues() throws Exception {
        String tokenized = "crm://customers/" + tokenizer.tokenize("email", EMAIL);
        PiiStage letThrough = stage(new PiiConfig(null, null, null, null, null, null, null,
                Map.of("resources/read", new PiiMethodConfig(null, Map.of("email", "allow"), null)), null, null));
        Exchange replaced = exchange("resources/read", """
                {"uri": "crm://customers/%s"}""".formatted(EMAIL), ANALYTICS, "crm://customers/" + EMAIL);
        Exchange clean = exchange("resources/read", """
                {"uri": "crm://customers/C-1001"}""", ANALYTICS, "crm://customers/C-1001");
        Exchange allowed = exchange("resources/read", """
                {"uri": "crm://customers/%s"}""".formatted(EMAIL), ANALYTICS, "crm://customers/" + EMAIL);
        Exchange restored = exchange("resources/read", """
                {"uri": "%s"}""".formatted(tokenized), SUPPORT, tokenized);

        stage.onRequest(replaced);
        stage.onRequest(clean);
        letThrough.onRequest(allowed);
        letThrough.onRequest(restored);

        assertThat(replaced.shownTarget()).isEqualTo(tokenized);
        assertThat(replaced.audit().get("target")).isEqualTo(tokenized);
        assertThat(clean.shownTarget()).isEqualTo("crm://customers/C-1001");
        // The value goes to the upstream as the rules say, but never into audit or spans.
        assertThat(allowed.params().path("uri").textValue()).isEqualTo("crm://customers/" + EMAIL);
        assertThat(allowed.shownTarget()).isEqualTo("crm:[withheld]");
        assertThat(allowed.audit().get("target")).isEqualTo("crm:[withheld]");
        assertThat(restored.params().path("uri").textValue()).isEqualTo("crm://customers/" + EMAIL);
        assertThat(restored.shownTarget()).isEqualTo("crm:[withheld]");
    }

    @Test
    void aResourceUriThatAnEarlierStageRejectsNeverReachesTheAuditLine() throws Exception {
        StringWriter lines = new StringWriter();
        AuditTrail audit = new AuditTrail(new JsonLinesAuditSink(10, List.of(lines)),
                new ArgumentDigest("uri-test-key-0123456789".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
        GovernanceStage limiter = new GovernanceStage() {
            @Override
            public String name() {
                return "ratelimit";
            }

            @Override
            public void onRequest(Exchange exchange) throws GovernanceException {
                throw new GovernanceException(JsonRpcErrors.RATE_LIMITED, "Rate limit exceeded", null);
            }
        };
        GovernanceChain chain = new GovernanceChain(List.of(limiter, stage), List.of(), audit);
        String uri = "crm://customers/" + EMAIL;

        assertThatThrownBy(() -> chain.onRequest(exchange("resources/read", """
                {"uri": "%s"}""".formatted(uri), ANALYTICS, uri))).isInstanceOf(GovernanceException.class);
        audit.close();

        assertThat(lines.toString()).contains("\"target\":\"crm:[withheld]\"").doesNotContain("jane.doe");
    }

    @Test
    void aUriThatCannotCarryTheReplacementOrHidesAValueInEscapesIsRefused() throws Exception {
        PiiStage redacting = stage(new PiiConfig(null, null, null, null, null, null, null,
                Map.of("resources/read", new PiiMethodConfig(null, Map.of("email", "redact"), null)), null, null));
        Exchange redacted = exchange("resources/read", """
                {"uri": "crm://customers/%s"}""".formatted(EMAIL), ANALYTICS, null);
        Exchange encoded = exchange("resources/read", """
                {"uri": "crm://customers/jane.doe%40example.com"}""", ANALYTICS, null);

        assertThatThrownBy(() -> redacting.onRequest(redacted)).isInstanceOfSatisfying(GovernanceException.class, e -> {
            assertThat(e.code()).isEqualTo(JsonRpcErrors.PII_BLOCKED);
            assertThat(e.getMessage()).contains("valid URI").doesNotContain("jane");
        });
        assertThatThrownBy(() -> stage.onRequest(encoded)).isInstanceOfSatisfying(GovernanceException.class, e -> {
            assertThat(e.getMessage()).contains("email", "percent-encoded").doesNotContain("jane");
            assertThat(e.data().path("pointer").textValue()).isEqualTo("/uri");
        });
    }

    @Test
    void aTokenInAnArgumentBecomesTheValueOnlyForACallerWhoMaySeeIt() throws Exception {
        PiiToolConfig mailer = new PiiToolConfig("mail__send", Map.of("email", "allow"), null, null, null);
        PiiStage mailing = stage(new PiiConfig(null, null, null, null, null, List.of(mailer), null));
        String token = tokenizer.tokenize("email", EMAIL);
        String arguments = """
                {"to": "%s"}""".formatted(token);

        Exchange support = call("mail__send", arguments, SUPPORT);
        mailing.onRequest(support);
        Exchange analytics = call("mail__send", arguments, ANALYTICS);
        mailing.onRequest(analytics);
        Exchange elsewhere = call("crm__note", arguments, SUPPORT);
        mailing.onRequest(elsewhere);

        assertThat(support.params().at("/arguments/to").textValue()).isEqualTo(EMAIL);
        assertThat(audit(support)).containsEntry("detokenized", 1).containsEntry("allowed", 1);
        assertThat(analytics.params().at("/arguments/to").textValue()).isEqualTo(token);
        assertThat(analytics.audit().get("pii")).isNull();
        // Where the tool's rules tokenize e-mail addresses, the value goes back as the same token.
        assertThat(elsewhere.params().at("/arguments/to").textValue()).isEqualTo(token);
    }

    @Test
    void personalDataInAResultIsTokenizedForOneCallerAndInClearForAnother() throws Exception {
        String keyId = TestSecrets.accessKeyId("AKIA", 16);
        String result = """
                {"content": [{"type": "text", "text": "Jane: %1$s, card %2$s"},
                             {"type": "image", "mimeType": "image/png", "data": "iVBORw0KGgo4111111111111111"}],
                 "structuredContent": {"email": "%1$s", "key": "%3$s", "count": 4}}""".formatted(EMAIL, CARD, keyId);

        ObjectNode forSupport = (ObjectNode) JSON.readTree(result);
        Exchange support = call("crm__lookup", "{}", SUPPORT);
        stage.onResult(support, forSupport);
        ObjectNode forAnalytics = (ObjectNode) JSON.readTree(result);
        Exchange analytics = call("crm__lookup", "{}", ANALYTICS);
        stage.onResult(analytics, forAnalytics);

        assertThat(forSupport.at("/structuredContent/email").textValue()).isEqualTo(EMAIL);
        assertThat(forSupport.at("/content/0/text").textValue()).isEqualTo("Jane: " + EMAIL + ", card " + CARD);
        String emailToken = tokenizer.tokenize("email", EMAIL);
        assertThat(forAnalytics.at("/structuredContent/email").textValue()).isEqualTo(emailToken);
        assertThat(forAnalytics.at("/content/0/text").textValue())
                .isEqualTo("Jane: " + emailToken + ", card " + tokenizer.tokenize("card", CARD));
        // Secrets are redacted for everyone; base64 payloads are not text.
        assertThat(forSupport.at("/structuredContent/key").textValue()).isEqualTo("[redacted:awskey]");
        assertThat(forAnalytics.at("/structuredContent/key").textValue()).isEqualTo("[redacted:awskey]");
        assertThat(forAnalytics.at("/content/1/data").textValue()).isEqualTo("iVBORw0KGgo4111111111111111");
        assertThat(forAnalytics.at("/structuredContent/count").intValue()).isEqualTo(4);
        assertThat(audit(analytics)).containsEntry("result",
                Map.of("detected", Map.of("awskey", 1, "card", 1, "email", 2), "tokenized", 3, "redacted", 1, "allowed", 0));
        assertThat(audit(analytics).toString()).doesNotContain("jane", "4111");
    }

    @Test
    void resultProtectionFollowsThePathAndItemRulesAndCanBeTurnedOff() throws Exception {
        PiiResultsConfig results = new PiiResultsConfig(null, Map.of("email", "redact"), Map.of(
                "prompts/get", new PiiMethodConfig(false, null, null),
                "tools/call", new PiiMethodConfig(null, null, List.of(
                        new PiiToolConfig("crm__lookup", Map.of("email", "allow"), null, List.of("/content"), null)))));
        PiiStage configured = stage(new PiiConfig(null, null, null, null, null, null, null, null, results, null));
        String result = """
                {"content": [{"type": "text", "text": "%1$s"}], "structuredContent": {"email": "%1$s"}}""".formatted(EMAIL);

        ObjectNode lookup = (ObjectNode) JSON.readTree(result);
        configured.onResult(call("crm__lookup", "{}", ANALYTICS), lookup);
        ObjectNode other = (ObjectNode) JSON.readTree(result);
        configured.onResult(call("crm__other", "{}", SUPPORT), other);
        ObjectNode prompt = (ObjectNode) JSON.readTree("""
                {"messages": [{"role": "user", "content": {"type": "text", "text": "%s"}}]}""".formatted(EMAIL));
        configured.onResult(exchange("prompts/get", "{}", ANALYTICS, "crm__draft"), prompt);

        assertThat(lookup.at("/structuredContent/email").textValue()).isEqualTo(EMAIL);
        assertThat(lookup.at("/content/0/text").textValue()).isEqualTo(EMAIL);
        assertThat(other.at("/structuredContent/email").textValue()).isEqualTo("[redacted:email]");
        assertThat(prompt.at("/messages/0/content/text").textValue()).isEqualTo(EMAIL);
    }

    @Test
    void promptMessagesResourceContentsAndCompletionValuesAreProtected() throws Exception {
        ObjectNode prompt = (ObjectNode) JSON.readTree("""
                {"messages": [{"role": "user", "content": {"type": "text", "text": "Write to %s"}}]}""".formatted(EMAIL));
        stage.onResult(exchange("prompts/get", "{}", ANALYTICS, "crm__draft"), prompt);
        ObjectNode contents = (ObjectNode) JSON.readTree("""
                {"contents": [{"uri": "crm://c/1", "mimeType": "application/json", "text": "{\\"email\\":\\"%s\\"}"},
                              {"uri": "crm://c/1.png", "mimeType": "image/png", "blob": "jane.doe@example.com"}]}"""
                .formatted(EMAIL));
        stage.onResult(exchange("resources/read", "{}", ANALYTICS, "crm://c/1"), contents);
        ObjectNode completion = (ObjectNode) JSON.readTree("""
                {"completion": {"values": ["%s", "other"], "hasMore": false}}""".formatted(EMAIL));
        stage.onResult(exchange("completion/complete", "{}", ANALYTICS, "crm__draft"), completion);

        String token = tokenizer.tokenize("email", EMAIL);
        assertThat(prompt.at("/messages/0/content/text").textValue()).isEqualTo("Write to " + token);
        assertThat(contents.at("/contents/0/text").textValue()).contains(token).doesNotContain(EMAIL);
        assertThat(contents.at("/contents/1/blob").textValue()).isEqualTo(EMAIL);
        assertThat(completion.at("/completion/values/0").textValue()).isEqualTo(token);
    }

    @Test
    void aSamplingRequestIsProtectedPerCallerAndTheClientsAnswerBeforeTheUpstreamSeesIt() throws Exception {
        String request = """
                {"jsonrpc": "2.0", "id": 7, "method": "sampling/createMessage", "params": {"maxTokens": 10,
                 "messages": [{"role": "user", "content": {"type": "text", "text": "Summarize %s"}}]}}""".formatted(EMAIL);
        ObjectNode toAnalytics = (ObjectNode) JSON.readTree(request);
        Exchange analyticsCall = call("crm__summarize", "{}", ANALYTICS);
        stage.onServerMessage(analyticsCall, toAnalytics);
        ObjectNode toSupport = (ObjectNode) JSON.readTree(request);
        stage.onServerMessage(call("crm__summarize", "{}", SUPPORT), toSupport);

        ObjectNode answer = (ObjectNode) JSON.readTree("""
                {"jsonrpc": "2.0", "id": "proxy-1", "result": {"role": "assistant", "model": "m",
                 "content": {"type": "text", "text": "Card %s on file"}}}""".formatted(CARD));
        Exchange governed = stage.onClientAnswer(ANALYTICS, "s1", answer);

        String token = tokenizer.tokenize("email", EMAIL);
        assertThat(toAnalytics.at("/params/messages/0/content/text").textValue()).isEqualTo("Summarize " + token);
        assertThat(toSupport.at("/params/messages/0/content/text").textValue()).isEqualTo("Summarize " + EMAIL);
        assertThat(audit(analyticsCall)).extractingByKey("result").asString().contains("email=1");
        assertThat(answer.at("/result/content/text").textValue())
                .isEqualTo("Card " + tokenizer.tokenize("card", CARD) + " on file");
        assertThat(governed.method()).isEqualTo("sampling/createMessage");
        assertThat(audit(governed)).containsEntry("detected", Map.of("card", 1));
    }

    @Test
    void elicitationRequestsAndLogMessagesFromTheUpstreamAreProtectedPerCaller() throws Exception {
        ObjectNode elicitation = (ObjectNode) JSON.readTree("""
                {"jsonrpc": "2.0", "id": 8, "method": "elicitation/create", "params": {
                 "message": "Confirm the address %s", "requestedSchema": {"type": "object"}}}""".formatted(EMAIL));
        ObjectNode log = (ObjectNode) JSON.readTree("""
                {"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info",
                 "data": {"note": "charged %s"}}}""".formatted(CARD));
        ObjectNode progress = (ObjectNode) JSON.readTree("""
                {"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": "t",
                 "progress": 1, "message": "mailing %s"}}""".formatted(EMAIL));
        Exchange analytics = call("crm__confirm", "{}", ANALYTICS);

        stage.onServerMessage(analytics, elicitation);
        stage.onServerMessage(analytics, log);
        stage.onServerMessage(analytics, progress);

        assertThat(elicitation.at("/params/message").textValue())
                .isEqualTo("Confirm the address " + tokenizer.tokenize("email", EMAIL));
        assertThat(log.at("/params/data/note").textValue()).isEqualTo("charged " + tokenizer.tokenize("card", CARD));
        // Progress notifications are not a path the stage scans (see docs/pii.md).
        assertThat(progress.at("/params/message").textValue()).isEqualTo("mailing " + EMAIL);
    }

    @Test
    void anElicitationAnswerIsTokenizedAndABlockedOneBecomesAnErrorForTheUpstream() throws Exception {
        PiiStage blocking = stage(new PiiConfig(null, null, null, null, null, null, null,
                Map.of("elicitation/create", new PiiMethodConfig(null, Map.of("card", "block"), null)), null, null));
        ObjectNode answer = (ObjectNode) JSON.readTree("""
                {"jsonrpc": "2.0", "id": "proxy-2", "result": {"action": "accept", "content": {"email": "%s"}}}"""
                .formatted(EMAIL));
        ObjectNode blocked = (ObjectNode) JSON.readTree("""
                {"jsonrpc": "2.0", "id": "proxy-3", "result": {"action": "accept", "content": {"card": "%s"}}}"""
                .formatted(CARD));
        ObjectNode roots = (ObjectNode) JSON.readTree("""
                {"jsonrpc": "2.0", "id": "proxy-4", "result": {"roots": [{"uri": "file:///home/jane.doe@example.com"}]}}""");

        blocking.onClientAnswer(ANALYTICS, "s1", answer);
        blocking.onClientAnswer(ANALYTICS, "s1", blocked);

        assertThat(answer.at("/result/content/email").textValue()).isEqualTo(tokenizer.tokenize("email", EMAIL));
        assertThat(blocked.has("result")).isFalse();
        assertThat(blocked.at("/error/code").intValue()).isEqualTo(JsonRpcErrors.PII_BLOCKED);
        assertThat(blocked.toString()).doesNotContain("4111");
        assertThat(blocking.onClientAnswer(ANALYTICS, "s1", roots)).isNull();
    }

    @Test
    void inputResponsesOfTheStatelessEraAreScannedLikeAnswers() throws Exception {
        Exchange exchange = exchange("tools/call", """
                {"name": "crm__lookup", "arguments": {},
                 "inputResponses": {"confirm": {"action": "accept", "content": {"email": "%s"}}},
                 "requestState": "opaque-state"}""".formatted(EMAIL), ANALYTICS, "crm__lookup");

        stage.onRequest(exchange);

        assertThat(exchange.params().at("/inputResponses/confirm/content/email").textValue())
                .isEqualTo(tokenizer.tokenize("email", EMAIL));
        assertThat(exchange.params().path("requestState").textValue()).isEqualTo("opaque-state");
    }

    @Test
    void aPathCanBeTurnedOffAndHaveItsOwnActions() throws Exception {
        PiiStage configured = stage(new PiiConfig(null, null, null, null, null, null, null, Map.of(
                "prompts/get", new PiiMethodConfig(false, null, null),
                "completion/complete", new PiiMethodConfig(null, Map.of("email", "redact"), null)), null, null));
        Exchange prompt = exchange("prompts/get", """
                {"name": "p", "arguments": {"to": "%s"}}""".formatted(EMAIL), ANALYTICS, "p");
        Exchange completion = exchange("completion/complete", """
                {"ref": {"type": "ref/prompt", "name": "p"}, "argument": {"name": "to", "value": "%s"}}"""
                .formatted(EMAIL), ANALYTICS, "p");

        configured.onRequest(prompt);
        configured.onRequest(completion);

        assertThat(prompt.params().at("/arguments/to").textValue()).isEqualTo(EMAIL);
        assertThat(completion.params().at("/argument/value").textValue()).isEqualTo("[redacted:email]");
    }

    @Test
    void pathConfigurationIsValidatedWithFullKeys() {
        PiiConfig config = new PiiConfig(null, null, null, null, null,
                List.of(new PiiToolConfig("crm__x", null, null, null, null)), null,
                Map.of("tools/list", PiiMethodConfig.DEFAULT,
                        "resources/read", new PiiMethodConfig(null, Map.of("nosuch", "redact"),
                                List.of(new PiiToolConfig("crm://x", null, null, null, null))),
                        "tools/call", new PiiMethodConfig(null, null, List.of(new PiiToolConfig("crm__x", null, null, null, null)))),
                new PiiResultsConfig(null, Map.of("card", "block"), Map.of("resources/subscribe", PiiMethodConfig.DEFAULT)), null);
        ConfigProblems problems = new ConfigProblems();

        config.validate("pii", problems);

        assertThatThrownBy(problems::throwIfAny).message().contains("pii.methods.tools/list", "pii.methods.resources/read.actions.nosuch",
                "pii.methods.resources/read.items", "pii.methods.tools/call.items", "pii.results.actions.card",
                "pii.results.methods.resources/subscribe");
    }

    private PiiStage stage(PiiConfig config) {
        return new PiiStage(config, tokenizer,
                DetokenizeAuthorizer.fromConfig(new PiiDetokenizeConfig(false, List.of("support"), null, null)));
    }

    private static Exchange call(String tool, String arguments, Principal principal) {
        return exchange("tools/call", """
                {"name": "%s", "arguments": %s}""".formatted(tool, arguments), principal, tool);
    }

    private static Exchange exchange(String method, String params, Principal principal, String target) {
        try {
            return new Exchange(method, (ObjectNode) JSON.readTree(params), principal, "s1",
                    JSON.getNodeFactory().numberNode(1), new AuditEvent()).route("up", target, target, null);
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
