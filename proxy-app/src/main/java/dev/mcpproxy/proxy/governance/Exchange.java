package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.telemetry.RequestFacts;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One governed request on its way through the chain: what was asked, by whom, of which upstream,
 * plus the audit event being built and a place for stages to hand state to their own
 * {@code onResult}.
 */
public final class Exchange {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    private final String method;
    private final ObjectNode params;
    private final Principal principal;
    private final String sessionId;
    private final JsonNode requestId;
    private final AuditEvent audit;
    private final RequestFacts facts = new RequestFacts();
    private final Map<Object, Object> attributes = new HashMap<>();
    private String upstream;
    private String target;
    private String upstreamTarget;
    private String shownTarget;
    private ObjectNode descriptor;

    public Exchange(String method, ObjectNode params, Principal principal, String sessionId, JsonNode requestId,
                    AuditEvent audit) {
        this.method = method;
        this.params = params;
        this.principal = principal;
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.audit = audit;
    }

    /** The JSON-RPC method, e.g. {@code tools/call}. */
    public String method() {
        return method;
    }

    /** The request's {@code params}; stages may change it in place before it is forwarded. */
    public ObjectNode params() {
        return params;
    }

    public Principal principal() {
        return principal;
    }

    /** The client's session id, or null in stateless mode without one. */
    public String sessionId() {
        return sessionId;
    }

    /** The client's JSON-RPC id (null for a listing assembled by the proxy). */
    public JsonNode requestId() {
        return requestId;
    }

    public AuditEvent audit() {
        return audit;
    }

    /** What the stages found that the request's metrics count. */
    public RequestFacts facts() {
        return facts;
    }

    /** The upstream that owns the target, or null for methods the proxy answers itself. */
    public String upstream() {
        return upstream;
    }

    /** The client-facing name: tool or prompt name (with prefix) or resource URI. */
    public String target() {
        return target;
    }

    /**
     * The target as the audit event and the request's span name it: the target, except a resource
     * URI that may hold personal data nothing has replaced yet ({@link #withheld}).
     */
    public String shownTarget() {
        return shownTarget;
    }

    public void showTargetAs(String shown) {
        this.shownTarget = shown;
    }

    /** What audit and spans show of a resource URI they may not show: its scheme only. */
    public static String withheld(String uri) {
        int colon = uri.indexOf(':');
        return (colon > 0 && SCHEME.matcher(uri.substring(0, colon)).matches() ? uri.substring(0, colon + 1) : "")
                + "[withheld]";
    }

    /** Whether the method's target is a resource URI the caller chose (not a listed name). */
    public static boolean targetsResourceUri(String method) {
        return method.equals("resources/read") || method.equals("resources/subscribe")
                || method.equals("resources/unsubscribe");
    }

    /** The same name as the upstream knows it (prefix removed). */
    public String upstreamTarget() {
        return upstreamTarget;
    }

    /** The tool, prompt or resource descriptor as the upstream listed it (unprefixed), or null. */
    public ObjectNode descriptor() {
        return descriptor;
    }

    public Exchange route(String upstream, String target, String upstreamTarget, ObjectNode descriptor) {
        this.upstream = upstream;
        this.target = target;
        this.upstreamTarget = upstreamTarget;
        this.shownTarget = target;
        this.descriptor = descriptor;
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> T attribute(Object key) {
        return (T) attributes.get(key);
    }

    public void attribute(Object key, Object value) {
        attributes.put(key, value);
    }
}
