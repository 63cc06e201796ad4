package dev.mcpproxy.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo upstream as the MCP Java SDK client sees it: every method the demo offers. */
class DemoUpstreamMcpClientTest {
    private static DemoUpstream demo;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        demo = DemoUpstream.start("127.0.0.1", 0);
        URI url = demo.url();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(url.getScheme() + "://" + url.getAuthority())
                .endpoint(url.getPath())
                .build();
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();
        client.initialize();
    }

    @AfterAll
    static void stop() {
        client.close();
        demo.close();
    }

    @Test
    void initializeNegotiatesTheNewestVersionAndAdvertisesWhatItServes() {
        McpSchema.InitializeResult init = client.getCurrentInitializationResult();
        assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(init.serverInfo().name()).isEqualTo("mcp-proxy-demo");
        assertThat(init.capabilities().tools()).isNotNull();
        assertThat(init.capabilities().resources()).isNotNull();
        assertThat(init.capabilities().prompts()).isNotNull();
        assertThat(init.capabilities().completions()).isNotNull();
        assertThat(client.ping()).isNotNull();
    }

    @Test
    void listsFourToolsWithSchemasAndAnnotations() {
        Map<String, Tool> tools = client.listTools().tools().stream()
                .collect(java.util.stream.Collectors.toMap(Tool::name, tool -> tool));
        assertThat(tools).containsOnlyKeys("lookup_customer", "search_customers", "update_email", "charge_card");
        Tool lookup = tools.get("lookup_customer");
        assertThat(lookup.inputSchema()).containsEntry("type", "object");
        assertThat(lookup.outputSchema()).containsKey("properties");
        assertThat(lookup.annotations().readOnlyHint()).isTrue();
        assertThat(lookup.annotations().idempotentHint()).isTrue();
        assertThat(lookup.meta()).containsKey("dev.mcpproxy/demo");
        assertThat(tools.get("charge_card").annotations().readOnlyHint()).isFalse();
        assertThat(tools.get("charge_card").annotations().idempotentHint()).isFalse();
    }

    @Test
    void lookupReturnsTheRecordWithPersonalDataAsStructuredContentTextAndLink() {
        CallToolResult result = client.callTool(new CallToolRequest("lookup_customer", Map.of("customerId", "C-1001")));
        assertThat(result.isError()).isFalse();
        assertThat(structured(result))
                .containsEntry("name", "Ada Lovelace")
                .containsEntry("email", "ada.lovelace@example.com")
                .containsEntry("cardNumber", "4111 1111 1111 1111")
                .containsEntry("iban", "GB82 WEST 1234 5698 7654 32");
        assertThat(((TextContent) result.content().get(0)).text()).contains("ada.lovelace@example.com");
        assertThat(result.content().get(1)).isInstanceOfSatisfying(McpSchema.ResourceLink.class,
                link -> assertThat(link.uri()).isEqualTo("customers://C-1001"));
    }

    @Test
    void searchFindsByNameAndHonoursTheLimit() {
        CallToolResult result = client.callTool(new CallToolRequest("search_customers", Map.of("query", "EXAMPLE.NET", "limit", 1)));
        Map<String, Object> found = structured(result);
        assertThat(found.get("total")).isEqualTo(2);
        assertThat((java.util.List<?>) found.get("customers")).hasSize(1);

        CallToolResult byName = client.callTool(new CallToolRequest("search_customers", Map.of("query", "hopper")));
        assertThat(byName.structuredContent().toString()).contains("C-1002").doesNotContain("C-1001");
    }

    @Test
    void updateEmailChangesTheRecordAndReportsThePreviousAddress() {
        CallToolResult result = client.callTool(new CallToolRequest("update_email",
                Map.of("customerId", "C-1005", "email", "linus@example.com")));
        assertThat(structured(result))
                .containsEntry("previousEmail", "linus.t@example.org")
                .containsEntry("email", "linus@example.com");
        CallToolResult after = client.callTool(new CallToolRequest("lookup_customer", Map.of("customerId", "C-1005")));
        assertThat(structured(after)).containsEntry("email", "linus@example.com");
    }

    @Test
    void chargeCardCreatesANewChargeEachTimeShowingOnlyTheLastFourDigits() {
        Map<String, Object> args = Map.of("customerId", "C-1002", "amountCents", 1250, "currency", "EUR");
        Map<String, Object> first = structured(client.callTool(new CallToolRequest("charge_card", args)));
        Map<String, Object> second = structured(client.callTool(new CallToolRequest("charge_card", args)));
        assertThat(first).containsEntry("cardLast4", "4444").containsEntry("status", "succeeded");
        assertThat(first.get("chargeId")).isNotEqualTo(second.get("chargeId"));
    }

    @Test
    void badArgumentsAndUnknownCustomersAreToolErrorsTheModelCanRead() {
        CallToolResult badId = client.callTool(new CallToolRequest("lookup_customer", Map.of("customerId", "1001")));
        assertThat(badId.isError()).isTrue();
        assertThat(((TextContent) badId.content().get(0)).text()).contains("customerId");

        CallToolResult unknown = client.callTool(new CallToolRequest("lookup_customer", Map.of("customerId", "C-9999")));
        assertThat(unknown.isError()).isTrue();

        CallToolResult badAmount = client.callTool(new CallToolRequest("charge_card",
                Map.of("customerId", "C-1002", "amountCents", 0, "currency", "EUR")));
        assertThat(badAmount.isError()).isTrue();
        assertThat(((TextContent) badAmount.content().get(0)).text()).contains("amountCents");
    }

    @Test
    void anUnknownToolIsAProtocolError() {
        assertThatThrownBy(() -> client.callTool(new CallToolRequest("no_such_tool", Map.of())))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
                    assertThat(e.getJsonRpcError().message()).contains("no_such_tool");
                });
    }

    @Test
    void resourcesListTemplatesAndReads() {
        assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                .containsExactly("customers://directory", "customers://schema", "demo://about", "demo://logo.png");
        assertThat(client.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("customers://{id}");

        McpSchema.ReadResourceResult record = client.readResource(new ReadResourceRequest("customers://C-1003"));
        assertThat(record.contents().get(0)).isInstanceOfSatisfying(McpSchema.TextResourceContents.class, text -> {
            assertThat(text.mimeType()).isEqualTo("application/json");
            assertThat(text.text()).contains("alan.turing@example.net");
        });
        McpSchema.ReadResourceResult directory = client.readResource(new ReadResourceRequest("customers://directory"));
        assertThat(((McpSchema.TextResourceContents) directory.contents().get(0)).text()).contains("C-1008");
        McpSchema.ReadResourceResult logo = client.readResource(new ReadResourceRequest("demo://logo.png"));
        assertThat(logo.contents().get(0)).isInstanceOfSatisfying(McpSchema.BlobResourceContents.class,
                blob -> assertThat(java.util.Base64.getDecoder().decode(blob.blob())).startsWith(0x89, 'P', 'N', 'G'));
    }

    @Test
    void readingAnUnknownResourceIsResourceNotFound() {
        assertThatThrownBy(() -> client.readResource(new ReadResourceRequest("customers://C-0000")))
                .isInstanceOfSatisfying(McpError.class,
                        e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32002));
    }

    @Test
    void promptsListAndGetWithTheRecordEmbedded() {
        assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                .containsExactly("summarize_customer", "draft_email");
        McpSchema.GetPromptResult summary = client.getPrompt(new GetPromptRequest("summarize_customer",
                Map.of("customerId", "C-1004", "focus", "billing")));
        assertThat(((TextContent) summary.messages().get(0).content()).text()).contains("C-1004", "billing");
        assertThat(summary.messages().get(1).content()).isInstanceOfSatisfying(McpSchema.EmbeddedResource.class,
                embedded -> assertThat(embedded.resource().uri()).isEqualTo("customers://C-1004"));

        McpSchema.GetPromptResult email = client.getPrompt(new GetPromptRequest("draft_email",
                Map.of("customerId", "C-1006", "topic", "welcome")));
        assertThat(((TextContent) email.messages().get(0).content()).text()).contains("m.hamilton@example.com", "welcome");

        assertThatThrownBy(() -> client.getPrompt(new GetPromptRequest("draft_email", Map.of("customerId", "C-1006"))))
                .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32602));
    }

    @Test
    void completesPromptArgumentsAndTheTemplateVariable() {
        McpSchema.CompleteResult ids = client.completeCompletion(new CompleteRequest(
                new McpSchema.PromptReference("summarize_customer"), new CompleteRequest.CompleteArgument("customerId", "C-100")));
        assertThat(ids.completion().values()).hasSize(8).contains("C-1001", "C-1008");

        McpSchema.CompleteResult focus = client.completeCompletion(new CompleteRequest(
                new McpSchema.PromptReference("summarize_customer"), new CompleteRequest.CompleteArgument("focus", "b")));
        assertThat(focus.completion().values()).containsExactly("billing");

        McpSchema.CompleteResult templateIds = client.completeCompletion(new CompleteRequest(
                new McpSchema.ResourceReference("customers://{id}"), new CompleteRequest.CompleteArgument("id", "c-1007")));
        assertThat(templateIds.completion().values()).containsExactly("C-1007");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        assertThat(result.isError()).isFalse();
        return (Map<String, Object>) result.structuredContent();
    }
}
