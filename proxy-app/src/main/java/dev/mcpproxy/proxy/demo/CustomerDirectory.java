package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The demo's customer records, held in memory and seeded from {@code customers.json}. All data is
 * fictitious (test card numbers, example IBANs, reserved phone ranges, example.* domains).
 * Records are replaced, never mutated, so readers may share them without copying.
 */
final class CustomerDirectory {
    private final ConcurrentNavigableMap<String, ObjectNode> customers = new ConcurrentSkipListMap<>();

    static CustomerDirectory seeded(ObjectMapper json) {
        CustomerDirectory directory = new CustomerDirectory();
        try (InputStream in = CustomerDirectory.class.getResourceAsStream("customers.json")) {
            for (JsonNode customer : json.readTree(in)) {
                directory.customers.put(customer.get("id").asText(), (ObjectNode) customer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The demo's customers.json is unreadable", e);
        }
        return directory;
    }

    /** A copy of the record, so callers may change what they return. */
    Optional<ObjectNode> find(String id) {
        return Optional.ofNullable(customers.get(id)).map(ObjectNode::deepCopy);
    }

    List<String> ids() {
        return List.copyOf(customers.keySet());
    }

    /** Copies of all records, ordered by id. */
    List<ObjectNode> all() {
        return customers.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** Copies of the records whose id, name, email or address contains {@code query}, ignoring case. */
    List<ObjectNode> search(String query) {
        String needle = query.toLowerCase(Locale.ROOT);
        return customers.values().stream()
                .filter(customer -> matches(customer, needle))
                .map(ObjectNode::deepCopy)
                .toList();
    }

    private static boolean matches(ObjectNode customer, String needle) {
        for (String field : List.of("id", "name", "email", "address")) {
            if (customer.path(field).asText().toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** Sets a new email address; returns the previous one, or empty when there is no such customer. */
    Optional<String> replaceEmail(String id, String email) {
        String[] previous = new String[1];
        customers.computeIfPresent(id, (key, current) -> {
            previous[0] = current.get("email").asText();
            ObjectNode updated = current.deepCopy();
            updated.put("email", email);
            return updated;
        });
        return Optional.ofNullable(previous[0]);
    }
}
