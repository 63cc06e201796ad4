package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where buckets are kept. */
public enum StoreType {
    /** This process only (one AgentCore session's microVM). */
    @JsonProperty("memory") MEMORY,
    /** The shared DynamoDB table: one limit across every instance. */
    @JsonProperty("dynamodb") DYNAMODB
}
