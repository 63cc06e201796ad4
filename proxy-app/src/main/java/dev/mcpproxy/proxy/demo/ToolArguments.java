package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and checks a tool call's arguments. A bad argument is a tool execution error (a result
 * with {@code isError}), not a protocol error, so the model can see it and correct itself.
 */
final class ToolArguments {
    private static final Pattern CUSTOMER_ID = Pattern.compile("C-[0-9]{4}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern EMAIL_TOKEN = Pattern.compile("(?i)pii_email_[a-z2-7]+_");

    private final JsonNode arguments;

    ToolArguments(JsonNode arguments) {
        this.arguments = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
    }

    /** Thrown for an argument that is missing or does not fit the tool's input schema. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    String customerId() throws Invalid {
        String id = requiredString("customerId");
        if (!CUSTOMER_ID.matcher(id).matches()) {
            throw new Invalid("customerId must look like C-1001");
        }
        return id;
    }

    /**
     * An email address, or the proxy's token for one: behind the proxy the demo stores what it
     * receives, so a later lookup returns the token for the proxy to restore.
     */
    String email(String name) throws Invalid {
        String email = requiredString(name);
        if (!EMAIL.matcher(email).matches() && !EMAIL_TOKEN.matcher(email).matches()) {
            throw new Invalid(name + " is not an email address");
        }
        return email;
    }

    String requiredString(String name) throws Invalid {
        JsonNode value = arguments.get(name);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new Invalid(name + " is required and must be a non-empty string");
        }
        return value.asText();
    }

    String optionalString(String name, int maxLength) throws Invalid {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual() || value.asText().length() > maxLength) {
            throw new Invalid(name + " must be a string of at most " + maxLength + " characters");
        }
        return value.asText();
    }

    String oneOf(String name, List<String> allowed) throws Invalid {
        String value = requiredString(name);
        if (!allowed.contains(value)) {
            throw new Invalid(name + " must be one of " + allowed);
        }
        return value;
    }

    int integer(String name, Integer defaultValue, int min, int max) throws Invalid {
        JsonNode value = arguments.get(name);
        if ((value == null || value.isNull()) && defaultValue != null) {
            return defaultValue;
        }
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToInt()
                || value.asInt() < min || value.asInt() > max) {
            throw new Invalid(name + " must be an integer from " + min + " to " + max);
        }
        return value.asInt();
    }
}
