package dev.mcpproxy.contracts;

/**
 * Items of the DynamoDB rate-limit table: the CDK app creates the table with this key and TTL attribute, the
 * proxy's store reads and writes the items.
 */
public final class RateLimitTable {
    /** The partition key (string): one item per bucket and caller. */
    public static final String PARTITION_KEY = "pk";
    /** The bucket's theoretical arrival time (number, nanoseconds) of the generic cell rate algorithm. */
    public static final String THEORETICAL_ARRIVAL_TIME = "tat";
    /** The TTL attribute (number, epoch seconds): DynamoDB deletes items of idle buckets. */
    public static final String EXPIRES_AT = "expiresAt";

    private RateLimitTable() {
    }
}
