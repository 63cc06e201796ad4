package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.federation.Catalog;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.federation.FederationException;
import dev.mcpproxy.proxy.federation.ListKind;
import dev.mcpproxy.proxy.federation.Route;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.JavaSdkUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static dev.mcpproxy.proxy.upstream.McpMessages.callTool;
import static dev.mcpproxy.proxy.upstream.McpMessages.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery, federation, health and recovery over real upstreams: server-everything and the Java SDK. */
class UpstreamRegistryTest {
    private static final FederationConfig NO_TTL = new FederationConfig("__", 0);

    private static EverythingServer everything;

    @BeforeAll
    static void startEverything() {
        everything = EverythingServer.start();
    }

    @AfterAll
    static void stopEverything() {
        everything.close();
    }

    /** Everything one upstream lists, all pages, straight from the upstream (no proxy code involved but the transport). */
    private static ArrayNode directListing(String url, ListKind kind) throws UpstreamException {
        try (StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("direct", url))) {
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            String cursor = null;
            do {
                ObjectNode list = request(1, kind.method(), "{}");
                if (cursor != null) {
                    ((ObjectNode) list.get("params")).put("cursor", cursor);
                }
                JsonNode result = connection.request(list, MessageSink.DISCARD).path("result");
                all.addAll((ArrayNode) result.path(kind.resultField()));
                cursor = result.path("nextCursor").asText(null);
            } while (cursor != null);
            return all;
        }
    }

    @Test
    void federatesEveryListingOfBothUpstreamsFieldForField() throws Exception {
        try (JavaSdkUpstream java = JavaSdkUpstream.builder().extraTools(10).pageSize(4).start();
             UpstreamRegistry registry = new UpstreamRegistry(List.of(
                     UpstreamConfig.of("everything", everything.url()).withToolPrefix("ev"),
                     UpstreamConfig.of("java", java.url()).withToolPrefix("java")), NO_TTL)) {
            registry.start();
            Catalog catalog = registry.catalog();

            ArrayNode javaTools = directListing(java.url(), ListKind.TOOLS);
            assertThat(javaTools).hasSize(16);
            ArrayNode everythingTools = directListing(everything.url(), ListKind.TOOLS);
            assertThat(catalog.tools()).hasSize(javaTools.size() + everythingTools.size());
            assertRouted(catalog, "java", "java__", javaTools);
            assertRouted(catalog, "everything", "ev__", everythingTools);

            for (JsonNode prompt : directListing(everything.url(), ListKind.PROMPTS)) {
                Route route = catalog.prompt("ev__" + prompt.path("name").asText()).orElseThrow();
                assertThat(route.upstream()).isEqualTo("everything");
                assertThat(route.descriptor()).isEqualTo(prompt);
            }
            ArrayNode resources = directListing(everything.url(), ListKind.RESOURCES);
            assertThat(resources).isNotEmpty();
            for (JsonNode resource : resources) {
                assertThat(catalog.resource(resource.path("uri").asText()).orElseThrow().upstream())
                        .isEqualTo("everything");
            }
            ArrayNode expectedTemplates = directListing(everything.url(), ListKind.RESOURCE_TEMPLATES);
            expectedTemplates.addAll(directListing(java.url(), ListKind.RESOURCE_TEMPLATES));
            assertThat(catalog.resourceTemplates()).isEqualTo(expectedTemplates);
            assertThat(catalog.resource("java://items/42").orElseThrow())
                    .extracting(Route::upstream, Route::upstreamName).containsExactly("java", "java://items/42");
            assertThat(catalog.tool("echo")).isEmpty();

            assertThat(registry.health()).extracting(UpstreamHealth::name, UpstreamHealth::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("everything", UpstreamState.READY),
                            org.assertj.core.groups.Tuple.tuple("java", UpstreamState.READY));
            assertThat(registry.capabilities().path("resources").path("subscribe").asBoolean()).isTrue();
            assertThat(registry.capabilities().path("tools").path("listChanged").asBoolean()).isTrue();
        }
    }

    private static void assertRouted(Catalog catalog, String upstream, String prefix, ArrayNode direct) {
        ArrayNode visible = catalog.tools();
        for (JsonNode tool : direct) {
            String name = tool.path("name").asText();
            Route route = catalog.tool(prefix + name).orElseThrow();
            assertThat(route.upstream()).isEqualTo(upstream);
            assertThat(route.upstreamName()).isEqualTo(name);
            assertThat(route.descriptor()).isEqualTo(tool);
            ObjectNode expected = tool.deepCopy();
            expected.put("name", prefix + name);
            assertThat(visible).contains(expected);
        }
    }

    @Test
    void aNameCollisionFailsStartupNamingBothUpstreams() {
        try (JavaSdkUpstream java = JavaSdkUpstream.start();
             UpstreamRegistry registry = new UpstreamRegistry(List.of(
                     UpstreamConfig.of("everything", everything.url()),
                     UpstreamConfig.of("java", java.url())), NO_TTL)) {

            assertThatThrownBy(registry::start)
                    .isInstanceOf(FederationException.class)
                    .hasMessageContaining("tool 'echo' is offered by upstream 'everything' (as 'echo') "
                            + "and by upstream 'java' (as 'echo')");
        }
    }

    @Test
    void anUpstreamDownAtStartupIsDegradedAndJoinsWhenItComesBack() throws Exception {
        try (JavaSdkUpstream java = JavaSdkUpstream.start()) {
            java.stop();
            try (UpstreamRegistry registry = new UpstreamRegistry(List.of(
                    UpstreamConfig.of("everything", everything.url()).withToolPrefix("ev"),
                    UpstreamConfig.of("java", java.url()).withToolPrefix("java")), NO_TTL)) {
                List<Set<ListKind>> changes = new CopyOnWriteArrayList<>();
                registry.addChangeListener((catalog, changed) -> changes.add(changed));
                registry.start();

                UpstreamHealth down = registry.health().get(1);
                assertThat(down.state()).isEqualTo(UpstreamState.DEGRADED);
                assertThat(down.lastError()).isEqualTo("upstream 'java': connection refused");
                assertThat(registry.ready()).isFalse();
                assertThat(registry.catalog().tool("java__echo")).isEmpty();
                assertThat(registry.catalog().tool("ev__echo")).isPresent();

                java.restart();

                await(() -> registry.catalog().tool("java__echo").isPresent());
                assertThat(registry.health().get(1).state()).isEqualTo(UpstreamState.READY);
                assertThat(registry.ready()).isTrue();
                // Listeners hear of a change on the retrying thread, just after the catalog is swapped.
                await(() -> !changes.isEmpty());
                assertThat(changes).anySatisfy(changed -> assertThat(changed).contains(ListKind.TOOLS));
            }
        }
    }

    @Test
    void aRequiredUpstreamDownFailsStartupNamingIt() {
        try (JavaSdkUpstream java = JavaSdkUpstream.start()) {
            java.stop();
            try (UpstreamRegistry registry = new UpstreamRegistry(List.of(
                    UpstreamConfig.of("java", java.url()).withRequired(true)), NO_TTL)) {

                assertThatThrownBy(registry::start)
                        .isInstanceOf(UpstreamException.class)
                        .hasMessage("upstream 'java': required but not available: connection refused");
            }
        }
    }

    @Test
    void anUpstreamStoppedMidRunFailsClearlyAndRecoversWithoutARestartOfTheProxy() throws Exception {
        try (JavaSdkUpstream java = JavaSdkUpstream.start();
             UpstreamRegistry registry = new UpstreamRegistry(List.of(UpstreamConfig.of("java", java.url())), NO_TTL)) {
            registry.start();
            UpstreamConnection shared = registry.sharedConnection("java");
            shared.request(callTool(1, "echo", "{\"message\":\"before\"}"), MessageSink.DISCARD);

            java.stop();
            assertThatThrownBy(() -> shared.request(callTool(2, "echo", "{\"message\":\"down\"}"), MessageSink.DISCARD))
                    .isInstanceOf(UpstreamException.class).hasMessageContaining("upstream 'java'");
            assertThat(registry.health().get(0).state()).isEqualTo(UpstreamState.DEGRADED);

            java.restart();
            await(() -> registry.health().get(0).state() == UpstreamState.READY);
            ObjectNode after = shared.request(callTool(3, "echo", "{\"message\":\"after\"}"), MessageSink.DISCARD);
            assertThat(after.path("result").path("content").get(0).path("text").asText()).isEqualTo("Echo: after");
        }
    }

    @Test
    void listChangedRefreshesTheCatalogAndTellsTheListeners() throws Exception {
        try (JavaSdkUpstream java = JavaSdkUpstream.start();
             UpstreamRegistry registry = new UpstreamRegistry(List.of(
                     UpstreamConfig.of("java", java.url()).withToolPrefix("j")), NO_TTL)) {
            registry.start();
            List<Set<ListKind>> changes = new CopyOnWriteArrayList<>();
            registry.addChangeListener((catalog, changed) -> changes.add(changed));
            // The registry opens its event stream in the background, and the SDK server drops a
            // list_changed sent before it holds that stream.
            await(() -> java.eventStreamsOpened() >= 1);

            java.addTool("late-tool");

            await(() -> registry.catalog().tool("j__late-tool").isPresent());
            // Listeners hear of a change on the refreshing thread, just after the catalog is swapped.
            await(() -> !changes.isEmpty());
            assertThat(changes).containsExactly(Set.of(ListKind.TOOLS));
        }
    }

    @Test
    void aStatefulClientGetsItsOwnUpstreamSession() throws Exception {
        try (JavaSdkUpstream java = JavaSdkUpstream.start();
             UpstreamRegistry registry = new UpstreamRegistry(List.of(UpstreamConfig.of("java", java.url())), NO_TTL)) {
            registry.start();
            List<ObjectNode> streamed = new CopyOnWriteArrayList<>();
            ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
            capabilities.putObject("roots").put("listChanged", true);

            try (UpstreamConnection session = registry.openSession("java", capabilities, streamed::add)) {
                ObjectNode call = callTool(1, "progress", "{\"steps\":2}");
                ((ObjectNode) call.get("params")).putObject("_meta").put("progressToken", "p");
                ObjectNode response = session.request(call, streamed::add);

                assertThat(response.path("result").path("content").get(0).path("text").asText())
                        .isEqualTo("done after 2 steps");
                assertThat(streamed).extracting(m -> m.path("method").asText())
                        .containsExactly("notifications/progress", "notifications/progress");
                assertThat(session).isNotSameAs(registry.sharedConnection("java"));
            }
        }
    }

    @Test
    void theTtlRefreshPicksUpChangesWithoutNotifications() throws Exception {
        try (JavaSdkUpstream java = JavaSdkUpstream.builder().stateful(false).start();
             UpstreamRegistry registry = new UpstreamRegistry(List.of(UpstreamConfig.of("java", java.url())),
                     new FederationConfig("__", 1))) {
            registry.start();
            assertThat(registry.catalog().tool("added-later")).isEmpty();

            java.addTool("added-later");

            await(() -> registry.catalog().tool("added-later").isPresent());
        }
    }

    @Test
    void aSilentUpstreamDoesNotHoldUpStartup() throws Exception {
        // The silent one's request timeout runs while start() discovers server-everything: it must
        // outlast that discovery on a loaded machine for the silent one to be seen still STARTING.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             UpstreamRegistry registry = new UpstreamRegistry(List.of(
                     UpstreamConfig.of("everything", everything.url()),
                     UpstreamConfig.of("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/mcp")
                             .withTimeouts(300, 5_000)), NO_TTL)) {
            registry.start();

            assertThat(registry.health()).extracting(UpstreamHealth::state)
                    .containsExactly(UpstreamState.READY, UpstreamState.STARTING);
            assertThat(registry.catalog().tool("echo")).isPresent();

            await(() -> registry.health().get(1).state() == UpstreamState.DEGRADED);
            assertThat(registry.health().get(1).lastError())
                    .isEqualTo("upstream 'silent': no complete answer within 5000 ms");
        }
    }

    private static void await(BooleanSupplier condition) {
        Eventually.until("condition reached", Duration.ofSeconds(30), condition);
    }
}
