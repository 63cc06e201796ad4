package dev.mcpproxy.cli.environment;

import java.util.Optional;

/**
 * What the CLI reads from an environment's {@code cdk/environments/<env>/environment.yaml}: where
 * it lives. The CDK app owns the full schema; the CLI only needs the account and region.
 */
public record EnvironmentDefinition(String name, Optional<String> account, Optional<String> region) {}
