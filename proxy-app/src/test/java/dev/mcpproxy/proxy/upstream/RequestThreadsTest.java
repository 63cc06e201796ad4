package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.background.InlineVirtualThreads;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.server.SessionMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A call's thread runs on the server's selector from the request's arrival and, once it has waited
 * for the upstream, on the upstream client's selector that brings the answer: no other thread is
 * woken to carry it. A virtual thread's {@code toString()} names the carrier it is mounted on.
 */
class RequestThreadsTest {

    @Test
    void aCallRunsOnTheServersSelectorAndContinuesOnTheClientsWithTheAnswer() throws Exception {
        assumeTrue(InlineVirtualThreads.available());
        AtomicReference<String> onRequest = new AtomicReference<>();
        AtomicReference<String> onResult = new AtomicReference<>();
        GovernanceStage whereItRuns = new GovernanceStage() {
            @Override
            public String name() {
                return "where-it-runs";
            }

            @Override
            public void onRequest(Exchange exchange) {
                onRequest.set(Thread.currentThread().toString());
            }

            @Override
            public void onResult(Exchange exchange, ObjectNode result) {
                onResult.set(Thread.currentThread().toString());
            }
        };
        // The answer comes late, so the call's thread has parked for it (a quick one may be there
        // before the thread would park, and it then goes on where it is).
        try (ScriptedUpstream upstream = new ScriptedUpstream((exchange, message) -> {
            if (message.path("method").asText().equals("tools/list")) {
                ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message,
                        "{\"tools\":[{\"name\":\"slow\",\"inputSchema\":{\"type\":\"object\"}}]}"));
                return;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message,
                    "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}"));
        });
             ProxyUnderTest proxy = ProxyUnderTest.start(ProxyUnderTest.server(SessionMode.STATELESS),
                     List.of(UpstreamConfig.of("scripted", upstream.url())), CallerAuthenticator.NONE,
                     new GovernanceChain(List.of(whereItRuns)))) {
            JsonNode answer = json(proxy.post(request(1, "tools/call", Map.of("name", "slow", "arguments", Map.of()))));

            assertThat(answer.at("/result/content/0/text").asText()).as(answer.toString()).isEqualTo("done");
        }

        assertThat(onRequest.get()).startsWith("VirtualThread[").contains("mcp-request-").contains("@proxy-http-");
        assertThat(onResult.get()).contains("mcp-request-").contains("@upstream-scripted-");
    }
}
