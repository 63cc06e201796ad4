package dev.mcpproxy.proxy.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogBuilderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ArrayNode json(String array) throws Exception {
        return (ArrayNode) MAPPER.readTree(array.replace('\'', '"'));
    }

    private static UpstreamListing listing(String upstream, String tools, String prompts, String resources,
                                           String templates) throws Exception {
        Map<ListKind, ArrayNode> items = new EnumMap<>(ListKind.class);
        items.put(ListKind.TOOLS, json(tools));
        items.put(ListKind.PROMPTS, json(prompts));
        items.put(ListKind.RESOURCES, json(resources));
        items.put(ListKind.RESOURCE_TEMPLATES, json(templates));
        return new UpstreamListing(upstream, items);
    }

    private static UpstreamListing tools(String upstream, String tools) throws Exception {
        return listing(upstream, tools, "[]", "[]", "[]");
    }

    private static Catalog build(boolean strict, List<UpstreamConfig> configs, UpstreamListing... listings) {
        Map<String, UpstreamListing> byName = new java.util.LinkedHashMap<>();
        for (UpstreamListing listing : listings) {
            byName.put(listing.upstream(), listing);
        }
        return new CatalogBuilder(FederationConfig.defaults()).build(configs, byName, strict);
    }

    @Test
    void prefixesNamesAndKeepsEveryOtherFieldUnchanged() throws Exception {
        String tool = "{'name':'lookup','title':'Look up','inputSchema':{'type':'object'},"
                + "'outputSchema':{'type':'object'},'annotations':{'readOnlyHint':true},"
                + "'icons':[{'src':'x.png'}],'_meta':{'k':1},'somethingNew':[1,2]}";
        Catalog catalog = build(true, List.of(UpstreamConfig.of("crm", "http://h/mcp").withToolPrefix("crm")),
                tools("crm", "[" + tool + "]"));

        ObjectNode expected = (ObjectNode) MAPPER.readTree(tool.replace('\'', '"'));
        expected.put("name", "crm__lookup");
        assertThat(catalog.tools()).containsExactly(expected);
        Route route = catalog.tool("crm__lookup").orElseThrow();
        assertThat(route.upstream()).isEqualTo("crm");
        assertThat(route.upstreamName()).isEqualTo("lookup");
        assertThat(route.descriptor().path("name").asText()).isEqualTo("lookup");
        assertThat(catalog.tool("lookup")).isEmpty();
    }

    @Test
    void usesTheConfiguredSeparator() throws Exception {
        Catalog catalog = new CatalogBuilder(new FederationConfig(".", null)).build(
                List.of(UpstreamConfig.of("a", "http://h/mcp").withToolPrefix("a")),
                Map.of("a", tools("a", "[{'name':'t'}]")), true);

        assertThat(catalog.tool("a.t")).isPresent();
    }

    @Test
    void includeAndExcludeGlobsFilterTools() throws Exception {
        Catalog catalog = build(true, List.of(UpstreamConfig.of("u", "http://h/mcp")
                        .withFilter(List.of("get-*", "echo"), List.of("*secret*"))),
                tools("u", "[{'name':'get-user'},{'name':'get-secret-key'},{'name':'echo'},{'name':'delete'}]"));

        assertThat(catalog.tools().findValuesAsText("name")).containsExactly("get-user", "echo");
        assertThat(catalog.tool("delete")).isEmpty();
    }

    @Test
    void collisionsAtStartupNameBothSources() throws Exception {
        List<UpstreamConfig> configs = List.of(UpstreamConfig.of("a", "http://a/mcp"),
                UpstreamConfig.of("b", "http://b/mcp").withToolPrefix("x"),
                UpstreamConfig.of("c", "http://c/mcp"));

        assertThatThrownBy(() -> build(true, configs,
                listing("a", "[{'name':'x__t'}]", "[{'name':'p'}]", "[{'uri':'r://1'}]", "[]"),
                listing("b", "[{'name':'t'}]", "[]", "[]", "[]"),
                listing("c", "[]", "[{'name':'p'}]", "[{'uri':'r://1'}]", "[]")))
                .isInstanceOfSatisfying(FederationException.class, e -> assertThat(e.problems()).containsExactly(
                        "tool 'x__t' is offered by upstream 'a' (as 'x__t') and by upstream 'b' (as 't')",
                        "prompt 'p' is offered by upstream 'a' (as 'p') and by upstream 'c' (as 'p')",
                        "resource 'r://1' is offered by upstream 'a' (as 'r://1') and by upstream 'c' (as 'r://1')"));
    }

    @Test
    void duringARefreshTheLaterItemIsLeftOut() throws Exception {
        Catalog catalog = build(false, List.of(UpstreamConfig.of("a", "http://a/mcp"),
                        UpstreamConfig.of("b", "http://b/mcp")),
                tools("a", "[{'name':'t','description':'from a'}]"),
                tools("b", "[{'name':'t','description':'from b'},{'name':'u'}]"));

        assertThat(catalog.tools().findValuesAsText("name")).containsExactly("t", "u");
        assertThat(catalog.tool("t").orElseThrow().upstream()).isEqualTo("a");
    }

    @Test
    void aNameOverSixtyFourCharactersAfterPrefixingIsRefused() throws Exception {
        String longName = "n".repeat(60);
        UpstreamConfig config = UpstreamConfig.of("crm", "http://h/mcp").withToolPrefix("crm");

        assertThatThrownBy(() -> build(true, List.of(config), tools("crm", "[{'name':'" + longName + "'}]")))
                .isInstanceOfSatisfying(FederationException.class, e -> assertThat(e.problems()).containsExactly(
                        "tool '" + longName + "' of upstream 'crm' becomes 'crm__" + longName
                                + "', 65 characters, over the limit of 64"));
        assertThat(build(false, List.of(config), tools("crm", "[{'name':'" + longName + "'}]")).tools()).isEmpty();
    }

    @Test
    void routesResourcesByUriAndByTemplate() throws Exception {
        Catalog catalog = build(true, List.of(UpstreamConfig.of("files", "http://f/mcp"),
                        UpstreamConfig.of("db", "http://d/mcp")),
                listing("files", "[]", "[]", "[{'uri':'file:///readme.md','name':'readme'}]",
                        "[{'uriTemplate':'file:///logs/{date}.log','name':'log'}]"),
                listing("db", "[]", "[]", "[]",
                        "[{'uriTemplate':'db://{table}/rows{?limit,offset}','name':'rows'},"
                                + "{'uriTemplate':'db://blob/{+path}','name':'blob'}]"));

        assertThat(catalog.resource("file:///readme.md").orElseThrow().upstream()).isEqualTo("files");
        assertThat(catalog.resource("file:///logs/2026-11-24.log").orElseThrow())
                .extracting(Route::upstream, Route::upstreamName)
                .containsExactly("files", "file:///logs/2026-11-24.log");
        assertThat(catalog.resource("db://users/rows?limit=5").orElseThrow().upstream()).isEqualTo("db");
        assertThat(catalog.resource("db://users/rows").orElseThrow().upstream()).isEqualTo("db");
        assertThat(catalog.resource("db://blob/a/b/c").orElseThrow().descriptor().path("name").asText())
                .isEqualTo("blob");
        assertThat(catalog.resource("file:///logs/a/b.log")).isEmpty();
        assertThat(catalog.resource("other://x")).isEmpty();
        assertThat(catalog.resources()).hasSize(1);
        assertThat(catalog.resourceTemplates()).hasSize(3);
        assertThat(catalog.resourceTemplate("db://{table}/rows{?limit,offset}").orElseThrow().upstream())
                .isEqualTo("db");
        assertThat(catalog.resourceTemplate("db://{table}")).isEmpty();
    }

    @Test
    void promptsArePrefixedLikeTools() throws Exception {
        Catalog catalog = build(true, List.of(UpstreamConfig.of("a", "http://a/mcp").withToolPrefix("a")),
                listing("a", "[]", "[{'name':'greet','arguments':[{'name':'who'}]}]", "[]", "[]"));

        Route route = catalog.prompt("a__greet").orElseThrow();
        assertThat(route.upstreamName()).isEqualTo("greet");
        assertThat(catalog.prompts().get(0).path("arguments").get(0).path("name").asText()).isEqualTo("who");
    }

    @Test
    void listingsAreCopiesCallersMayChange() throws Exception {
        Catalog catalog = build(true, List.of(UpstreamConfig.of("a", "http://a/mcp")),
                tools("a", "[{'name':'t'},{'name':'u'}]"));

        catalog.tools().remove(0);

        assertThat(catalog.tools()).hasSize(2);
        assertThat(catalog.count(ListKind.TOOLS, "a")).isEqualTo(2);
    }
}
