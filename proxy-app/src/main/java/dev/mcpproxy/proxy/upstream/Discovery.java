package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.federation.ListKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/** Lists what one upstream offers, following {@code nextCursor} to the last page. */
final class Discovery {
    /** A guard against an upstream whose cursors never end. */
    static final int MAX_PAGES = 1_000;

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private Discovery() {
    }

    /** Whether the upstream's initialize result announces the capability behind {@code kind}. */
    static boolean offers(ObjectNode initializeResult, ListKind kind) {
        return initializeResult.path("capabilities").has(kind.capability());
    }

    /** Every item of one listing, or an empty array when the upstream does not offer it. */
    static ArrayNode list(UpstreamConnection connection, ListKind kind) throws UpstreamException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        if (!offers(connection.initializeResult(), kind)) {
            return items;
        }
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            request.put("jsonrpc", "2.0");
            request.put("id", "discovery");
            request.put("method", kind.method());
            ObjectNode params = request.putObject("params");
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            ObjectNode response = connection.request(request, MessageSink.DISCARD);
            JsonNode result = response.get("result");
            if (result == null) {
                log.warn("Upstream {}: {} failed: {}", connection.upstream(), kind.method(),
                        response.path("error").path("message").asText("no result"));
                return items;
            }
            JsonNode pageItems = result.get(kind.resultField());
            if (pageItems instanceof ArrayNode array) {
                items.addAll(array);
            }
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return items;
            }
            cursor = next.asText();
            if (!seenCursors.add(cursor)) {
                throw new UpstreamException(connection.upstream(), UpstreamException.Kind.PROTOCOL,
                        "repeated cursor in " + kind.method());
            }
        }
        throw new UpstreamException(connection.upstream(), UpstreamException.Kind.PROTOCOL,
                kind.method() + " has more than " + MAX_PAGES + " pages");
    }
}
