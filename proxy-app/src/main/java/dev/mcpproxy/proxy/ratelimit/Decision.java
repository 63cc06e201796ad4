package dev.mcpproxy.proxy.ratelimit;

/**
 * A store's answer for one request.
 *
 * @param allowed      true when a token was taken
 * @param remaining    tokens left after this request
 * @param retryAfterMs when denied, how long until a token is available
 */
public record Decision(boolean allowed, long remaining, long retryAfterMs) {
}
