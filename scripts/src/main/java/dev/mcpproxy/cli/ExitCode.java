package dev.mcpproxy.cli;

/** The CLI's exit codes; documented in docs/cli.md and in {@code --help}. */
public final class ExitCode {
    public static final int OK = 0;
    /** An unexpected internal error (a bug). */
    public static final int INTERNAL = 1;
    /** Bad arguments: unknown option, missing --env, bad JSON. */
    public static final int USAGE = 2;
    /** No AWS credentials, expired ones, or no region. */
    public static final int NO_CREDENTIALS = 3;
    /** The environment's stacks do not exist in that account and region. */
    public static final int NOT_DEPLOYED = 4;
    /** An AWS call failed (permission, throttling, service error). */
    public static final int AWS_ERROR = 5;
    /** A CDK deployment or the runtime reached a failed state. */
    public static final int DEPLOY_FAILED = 6;
    /** A tool the command needs is missing: Node.js / npx, the proxy jar. */
    public static final int MISSING_TOOL = 7;
    /** The deployed proxy did not answer initialize / tools/list correctly. */
    public static final int SMOKE_TEST_FAILED = 8;
    /** destroy was not confirmed. */
    public static final int NOT_CONFIRMED = 9;
    /** The MCP server answered with a JSON-RPC error, or could not be reached. */
    public static final int MCP_ERROR = 10;
    /** The image could not be built or pushed. */
    public static final int IMAGE_FAILED = 11;
    /** The environment is mid-way through a change the command would conflict with (a secret rotation begun). */
    public static final int CONFLICT = 12;

    private ExitCode() {}
}
