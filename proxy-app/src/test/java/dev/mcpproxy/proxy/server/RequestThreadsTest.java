package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.background.InlineVirtualThreads;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A call's thread runs on the server's selector from the request's arrival and on the upstream
 * client's selector once the answer is there: no other thread is woken to carry it. A virtual
 * thread's {@code toString()} names the carrier it is mounted on.
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
        try (DemoUpstream demo = DemoUpstream.start("127.0.0.1", 0);
             ProxyUnderTest proxy = ProxyUnderTest.start(ProxyUnderTest.server(SessionMode.STATELESS),
                     List.of(UpstreamConfig.of("demo", demo.url().toString())), CallerAuthenticator.NONE,
                     new GovernanceChain(List.of(whereItRuns)))) {
            JsonNode answer = json(proxy.post(request(1, "tools/call", Map.of("name", "lookup_customer",
                    "arguments", Map.of("customerId", "C-1001")))));

            assertThat(answer.has("result")).as(answer.toString()).isTrue();
        }

        assertThat(onRequest.get()).startsWith("VirtualThread[").contains("mcp-request-").contains("@proxy-http-");
        assertThat(onResult.get()).contains("mcp-request-").contains("@upstream-demo-");
    }
}
