package dev.mcpproxy.proxy.federation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged, client-visible view of all upstreams at one moment: an immutable snapshot, replaced
 * as a whole when an upstream's lists change. Listing methods return fresh copies that callers
 * (governance stages) may change freely.
 */
public final class Catalog {
    private static final Catalog EMPTY = new Catalog(new EnumMap<>(ListKind.class), Map.of(), Map.of(), Map.of(),
            List.of());

    private final Map<ListKind, ArrayNode> listings;
    private final Map<String, Route> tools;
    private final Map<String, Route> prompts;
    private final Map<String, Route> resources;
    private final List<TemplateRoute> templates;

    record TemplateRoute(UriTemplatePattern pattern, Route route) {
    }

    Catalog(Map<ListKind, ArrayNode> listings, Map<String, Route> tools, Map<String, Route> prompts,
            Map<String, Route> resources, List<TemplateRoute> templates) {
        this.listings = listings;
        this.tools = tools;
        this.prompts = prompts;
        this.resources = resources;
        this.templates = templates;
    }

    public static Catalog empty() {
        return EMPTY;
    }

    public ArrayNode tools() {
        return items(ListKind.TOOLS);
    }

    public ArrayNode resources() {
        return items(ListKind.RESOURCES);
    }

    public ArrayNode resourceTemplates() {
        return items(ListKind.RESOURCE_TEMPLATES);
    }

    public ArrayNode prompts() {
        return items(ListKind.PROMPTS);
    }

    /** A copy of the merged items of one listing, prefixes applied, every other field as listed. */
    public ArrayNode items(ListKind kind) {
        ArrayNode items = listings.get(kind);
        return items == null ? JsonNodeFactory.instance.arrayNode() : items.deepCopy();
    }

    /** The upstream tool behind a client-visible (prefixed) tool name. */
    public Optional<Route> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** The upstream prompt behind a client-visible (prefixed) prompt name. */
    public Optional<Route> prompt(String name) {
        return Optional.ofNullable(prompts.get(name));
    }

    /** The upstream owning a resource URI: a listed resource first, then the first matching template. */
    public Optional<Route> resource(String uri) {
        Route listed = resources.get(uri);
        if (listed != null) {
            return Optional.of(listed);
        }
        for (TemplateRoute template : templates) {
            if (template.pattern().matches(uri)) {
                return Optional.of(new Route(template.route().upstream(), uri, template.route().descriptor()));
            }
        }
        return Optional.empty();
    }

    /**
     * The upstream owning a resource template, by its exact {@code uriTemplate} (as in a
     * {@code ref/resource} of {@code completion/complete}).
     */
    public Optional<Route> resourceTemplate(String uriTemplate) {
        return templates.stream().map(TemplateRoute::route)
                .filter(route -> route.upstreamName().equals(uriTemplate)).findFirst();
    }

    public int size(ListKind kind) {
        ArrayNode items = listings.get(kind);
        return items == null ? 0 : items.size();
    }

    /** How many items of {@code kind} come from {@code upstream}. */
    public long count(ListKind kind, String upstream) {
        Map<String, Route> routes = switch (kind) {
            case TOOLS -> tools;
            case PROMPTS -> prompts;
            case RESOURCES -> resources;
            case RESOURCE_TEMPLATES -> null;
        };
        if (routes == null) {
            return templates.stream().filter(t -> t.route().upstream().equals(upstream)).count();
        }
        return routes.values().stream().filter(r -> r.upstream().equals(upstream)).count();
    }
}
