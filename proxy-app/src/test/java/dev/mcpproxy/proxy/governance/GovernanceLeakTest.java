package dev.mcpproxy.proxy.governance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import dev.mcpproxy.proxy.audit.ArgumentDigest;
import dev.mcpproxy.proxy.audit.AuditTrail;
import dev.mcpproxy.proxy.audit.JsonLinesAuditSink;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.governance.validation.ToolRules;
import dev.mcpproxy.proxy.governance.validation.ValidationConfig;
import dev.mcpproxy.proxy.governance.validation.ValidationStage;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.identity.CallerAuthenticator.InboundRequest;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import dev.mcpproxy.proxy.identity.JwtCallerAuthenticator;
import dev.mcpproxy.proxy.identity.Principal;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plants personal data and secrets in tokens and arguments, drives them through identity, policy,
 * validation and audit (allowed, denied and rejected paths, DEBUG logging on), and asserts that
 * none of them appears in any log line or audit line.
 */
class GovernanceLeakTest {
    private static final String EMAIL = "jane.doe.private@example.org";
    private static final String CARD = "4111 1111 1111 1111";
    private static final String API_KEY = "sk-live-51HgQwE9xyzSECRET";
    private static final String SSN = "078-05-1120";
    private static final String PASSWORD = "hunter2-correct-horse";
    private static final List<String> PLANTED = List.of(EMAIL, CARD, API_KEY, SSN, PASSWORD);

    private final ObjectMapper json = new ObjectMapper();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level previousLevel;
    private MockOAuth2Server oauth;

    @BeforeEach
    void captureLogs() {
        previousLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        oauth = new MockOAuth2Server();
        oauth.start();
    }

    @AfterEach
    void restore() {
        root.detachAppender(logs);
        root.setLevel(previousLevel);
        oauth.shutdown();
    }

    private String token(Map<String, Object> claims, long expiry) {
        return oauth.issueToken("idp", "app", new DefaultOAuth2TokenCallback("idp", "user-1",
                JOSEObjectType.JWT.getType(), null, claims, expiry)).serialize();
    }

    private ObjectNode arguments() {
        ObjectNode arguments = json.createObjectNode();
        arguments.put("customerId", "../" + SSN);
        arguments.put("email", EMAIL);
        arguments.put("card", CARD);
        arguments.putObject("auth").put("apiKey", API_KEY).put("password", PASSWORD);
        arguments.put("amount", "n/a " + CARD);
        return arguments;
    }

    private Exchange call(Principal principal, String tool, String annotations) {
        ObjectNode params = json.createObjectNode().put("name", "crm__" + tool);
        params.set("arguments", arguments());
        ObjectNode descriptor = json.createObjectNode().put("name", tool);
        descriptor.set("inputSchema", json.createObjectNode().put("type", "object")
                .set("properties", json.createObjectNode()
                        .set("customerId", json.createObjectNode().put("type", "string").put("pattern", "^c-[0-9]+$"))));
        ((ObjectNode) descriptor.get("inputSchema")).putObject("properties").putObject("email")
                .put("type", "string").put("maxLength", 5);
        if (annotations != null) {
            descriptor.putObject("annotations").put(annotations, true);
        }
        return new Exchange("tools/call", params, principal, "s-1", IntNode.valueOf(1), new AuditEvent())
                .route("crm", "crm__" + tool, tool, descriptor);
    }

    @Test
    void plantedSecretsNeverReachLogsOrAuditLines() throws Exception {
        IdentityConfig identity = new IdentityConfig(IdentityConfig.Mode.JWT, oauth.wellKnownUrl("idp").toString(), null,
                null, null, List.of("app"), null, null, null, null, List.of("email"), null, null, 1, 60, null, null);
        CallerAuthenticator authenticator = JwtCallerAuthenticator.create(identity);
        Map<String, Object> claims = Map.of("client_id", "app", "email", EMAIL, "ssn", SSN, "cognito:groups",
                List.of("support"));
        Principal principal = authenticator.authenticate(new InboundRequest(
                Map.of("authorization", "Bearer " + token(claims, 3600)), null, "10.0.0.1", false,
                "http://localhost:8000/mcp"));
        List<String> rejectedTokens = List.of(token(claims, -3600), token(claims, 3600) + "x");
        for (String rejected : rejectedTokens) {
            try {
                authenticator.authenticate(new InboundRequest(Map.of("authorization", "Bearer " + rejected),
                        "access_token=" + rejected, "10.0.0.1", false, "http://localhost:8000/mcp"));
            } catch (CallerAuthenticator.AuthenticationFailure expected) {
                assertThat(expected.getMessage() + expected.wwwAuthenticate()).doesNotContain(rejected);
            }
        }

        StringWriter auditLines = new StringWriter();
        AuditTrail audit = new AuditTrail(new JsonLinesAuditSink(100, List.of(auditLines)),
                new ArgumentDigest("leak-test-key-0123456789".getBytes(StandardCharsets.UTF_8)),
                java.time.Clock.systemUTC());
        List<GovernanceStage> stages = List.of(audit,
                PolicyStage.create(new PolicyConfig(true, List.of("classpath:governance/test-policies.cedar"),
                        "classpath:governance/mcp.cedarschema", null, null), ItemOrigins.UNKNOWN),
                ValidationStage.create(new ValidationConfig(null, null, null,
                        new ToolRules(null, 8, List.of("@pathTraversal", "@sqlMetacharacters"), null), null)));
        List<String> errorMessages = new ArrayList<>();
        Principal machine = new Principal("batch", "batch", java.util.Set.of(), java.util.Set.of(), Map.of(), false);
        for (Exchange exchange : List.of(call(principal, "get_customer", "readOnlyHint"),
                call(principal, "refund", null), call(machine, "delete_customer", "destructiveHint"))) {
            Integer code = null;
            try {
                for (GovernanceStage stage : stages) {
                    stage.onRequest(exchange);
                }
            } catch (GovernanceException e) {
                code = e.code();
                errorMessages.add(e.getMessage() + " " + e.data());
            }
            audit.complete(exchange, code);
        }
        audit.close();

        assertThat(errorMessages).hasSize(3);
        // Any thread in the JVM may log (root is at DEBUG) while we read: copy under the appender's lock.
        List<ILoggingEvent> logged;
        synchronized (logs) {
            logged = List.copyOf(logs.list);
        }
        List<String> everything = new ArrayList<>(errorMessages);
        everything.add(auditLines.toString());
        for (ILoggingEvent event : logged) {
            everything.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                everything.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        assertThat(auditLines.toString().lines()).hasSize(3);
        assertThat(logged).isNotEmpty();
        for (String text : everything) {
            for (String planted : PLANTED) {
                assertThat(text).doesNotContain(planted);
            }
            assertThat(text).doesNotContain("hunter2").doesNotContain("sk-live").doesNotContain("jane.doe");
        }
    }
}
