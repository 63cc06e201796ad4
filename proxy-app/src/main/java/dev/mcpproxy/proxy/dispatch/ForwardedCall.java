package dev.mcpproxy.proxy.dispatch;

/**
 * A request the dispatcher forwarded, as its client named it: the context of a server-to-client
 * request the upstream streams while answering it.
 *
 * @param target the client-visible tool or prompt name or resource URI; null for methods sent to
 *               every upstream ({@code logging/setLevel})
 */
public record ForwardedCall(String upstream, String method, String target) {

    /** For messages: {@code tools/call 'crm__lookup'}. */
    public String describe() {
        return target == null ? method : method + " '" + target + "'";
    }
}
