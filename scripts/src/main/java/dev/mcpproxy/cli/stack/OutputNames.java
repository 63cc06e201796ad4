package dev.mcpproxy.cli.stack;

import java.util.Locale;

/**
 * Stack output keys the CDK app derives from names in environment.yaml: the name in PascalCase
 * ({@code support-agent} → {@code SupportAgent}, {@code canary} → {@code Canary}).
 */
public final class OutputNames {

    private OutputNames() {}

    public static String pascal(String name) {
        StringBuilder pascal = new StringBuilder();
        for (String part : name.split("[-_]")) {
            if (!part.isEmpty()) {
                pascal.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return pascal.toString();
    }

    public static String clientId(String client) {
        return "Client" + pascal(client) + "Id";
    }

    public static String clientSecretArn(String client) {
        return "Client" + pascal(client) + "SecretArn";
    }

    public static String clientScopes(String client) {
        return "Client" + pascal(client) + "Scopes";
    }

    public static String endpointVersion(String endpoint) {
        return "EndpointVersion" + pascal(endpoint);
    }
}
