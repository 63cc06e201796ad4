package dev.mcpproxy.proxy.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the upstreams' listings into one {@link Catalog}: prefixes tool and prompt names, applies
 * include/exclude, and refuses ambiguity. At startup ({@code strict}) every collision or
 * over-long name is collected into a {@link FederationException}; on a later refresh each is
 * logged and the item of the later upstream (in configuration order) is left out, so a running
 * proxy never loses what it already serves.
 */
public final class CatalogBuilder {
    /** Longest tool or prompt name clients reliably accept. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final Logger log = LoggerFactory.getLogger(CatalogBuilder.class);

    private final String separator;

    public CatalogBuilder(FederationConfig config) {
        this.separator = config.separator();
    }

    /** The client-visible name of an upstream's tool or prompt. */
    public String exposedName(FederatedUpstream upstream, String upstreamName) {
        return upstream.toolPrefix() == null ? upstreamName : upstream.toolPrefix() + separator + upstreamName;
    }

    /**
     * @param upstreams in configuration order (earlier ones win conflicts during a refresh)
     * @param listings  by upstream name; upstreams without a listing (down) contribute nothing
     */
    public Catalog build(List<? extends FederatedUpstream> upstreams, Map<String, UpstreamListing> listings,
                         boolean strict) {
        Merge merge = new Merge();
        for (FederatedUpstream upstream : upstreams) {
            UpstreamListing listing = listings.get(upstream.name());
            if (listing != null) {
                merge.add(upstream, listing);
            }
        }
        if (strict && !merge.problems.isEmpty()) {
            throw new FederationException(merge.problems);
        }
        merge.problems.forEach(problem -> log.error("Federation conflict during refresh, item left out: {}", problem));
        return merge.catalog();
    }

    /** The state of one merge run. */
    private final class Merge {
        private final Map<ListKind, ArrayNode> listings = new EnumMap<>(ListKind.class);
        private final Map<String, Route> tools = new HashMap<>();
        private final Map<String, Route> prompts = new HashMap<>();
        private final Map<String, Route> resources = new HashMap<>();
        private final Map<String, Route> templatesByUri = new HashMap<>();
        private final List<Catalog.TemplateRoute> templates = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        Merge() {
            for (ListKind kind : ListKind.values()) {
                listings.put(kind, JsonNodeFactory.instance.arrayNode());
            }
        }

        void add(FederatedUpstream upstream, UpstreamListing listing) {
            ToolFilter filter = new ToolFilter(upstream.include(), upstream.exclude());
            for (ObjectNode tool : objects(listing.items(ListKind.TOOLS))) {
                String name = tool.path("name").asText(null);
                if (name != null && filter.exposes(name)) {
                    addNamed(ListKind.TOOLS, "tool", tools, upstream, name, tool);
                }
            }
            for (ObjectNode prompt : objects(listing.items(ListKind.PROMPTS))) {
                String name = prompt.path("name").asText(null);
                if (name != null) {
                    addNamed(ListKind.PROMPTS, "prompt", prompts, upstream, name, prompt);
                }
            }
            for (ObjectNode resource : objects(listing.items(ListKind.RESOURCES))) {
                String uri = resource.path("uri").asText(null);
                if (uri != null && claim("resource", resources, uri, upstream.name(), uri, resource)) {
                    listings.get(ListKind.RESOURCES).add(resource);
                }
            }
            for (ObjectNode template : objects(listing.items(ListKind.RESOURCE_TEMPLATES))) {
                String uriTemplate = template.path("uriTemplate").asText(null);
                if (uriTemplate != null
                        && claim("resource template", templatesByUri, uriTemplate, upstream.name(), uriTemplate,
                        template)) {
                    templates.add(new Catalog.TemplateRoute(UriTemplatePattern.compile(uriTemplate),
                            templatesByUri.get(uriTemplate)));
                    listings.get(ListKind.RESOURCE_TEMPLATES).add(template);
                }
            }
        }

        private void addNamed(ListKind kind, String what, Map<String, Route> routes, FederatedUpstream upstream,
                              String name, ObjectNode descriptor) {
            String exposed = exposedName(upstream, name);
            if (exposed.length() > MAX_NAME_LENGTH) {
                problems.add(what + " '" + name + "' of upstream '" + upstream.name() + "' becomes '" + exposed
                        + "', " + exposed.length() + " characters, over the limit of " + MAX_NAME_LENGTH);
                return;
            }
            if (claim(what, routes, exposed, upstream.name(), name, descriptor)) {
                ObjectNode visible = descriptor;
                if (!exposed.equals(name)) {
                    visible = descriptor.deepCopy();
                    visible.put("name", exposed);
                }
                listings.get(kind).add(visible);
            }
        }

        private boolean claim(String what, Map<String, Route> routes, String key, String upstream,
                              String upstreamName, ObjectNode descriptor) {
            Route existing = routes.get(key);
            if (existing != null) {
                problems.add(what + " '" + key + "' is offered by upstream '" + existing.upstream() + "' (as '"
                        + existing.upstreamName() + "') and by upstream '" + upstream + "' (as '" + upstreamName
                        + "')");
                return false;
            }
            routes.put(key, new Route(upstream, upstreamName, descriptor));
            return true;
        }

        Catalog catalog() {
            return new Catalog(listings, Map.copyOf(tools), Map.copyOf(prompts), Map.copyOf(resources),
                    List.copyOf(templates));
        }

        private static List<ObjectNode> objects(ArrayNode items) {
            List<ObjectNode> objects = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                if (item instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
            return objects;
        }
    }
}
