/**
 * The names proxy-app, cdk and scripts must agree on, in one place: a value the CDK app writes and the proxy or
 * the CLI reads is declared here once. Plain constants and pure functions, no dependencies.
 */
package dev.mcpproxy.contracts;
