package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.DetailedError;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the configured Cedar schema and policy files and validates every policy against the
 * schema. Each problem names the file and line, so an invalid policy stops startup with a message
 * the operator can act on. A policy's id is its {@code @id("…")} annotation, else {@code file:line}.
 */
final class CedarPolicyLoader {

    record Loaded(PolicySet policies, Schema schema) {
    }

    private record Origin(PolicySource file, int offset, String key) {
    }

    private CedarPolicyLoader() {
    }

    static Loaded load(PolicyConfig config, String key, ConfigProblems problems) {
        Schema schema = schema(config.schema(), key + ".schema", problems);
        Set<Policy> policies = new LinkedHashSet<>();
        Map<String, Origin> origins = new HashMap<>();
        for (int i = 0; i < config.policies().size(); i++) {
            String fileKey = key + ".policies[" + i + "]";
            try {
                for (PolicySource file : PolicySource.policies(config.policies().get(i))) {
                    parse(file, fileKey, policies, origins, problems);
                }
            } catch (IOException | RuntimeException e) {
                problems.add(fileKey, "cannot read " + config.policies().get(i) + ": " + e.getMessage());
            }
        }
        if (schema == null || !problems.isEmpty()) {
            return null;
        }
        PolicySet policySet = new PolicySet(policies);
        validate(policySet, schema, origins, key, problems);
        return problems.isEmpty() ? new Loaded(policySet, schema) : null;
    }

    private static Schema schema(String location, String key, ConfigProblems problems) {
        try {
            PolicySource source = PolicySource.read(location);
            return Schema.parse(location.endsWith(".json") ? Schema.JsonOrCedar.Json : Schema.JsonOrCedar.Cedar,
                    source.text());
        } catch (IOException e) {
            problems.add(key, "cannot read " + location + ": " + e.getMessage());
        } catch (AuthException e) {
            problems.add(key, location + ": invalid Cedar schema: " + cedarMessage(e));
        }
        return null;
    }

    private static void parse(PolicySource file, String key, Set<Policy> policies, Map<String, Origin> origins,
                              ConfigProblems problems) {
        for (CedarStatements.Statement statement : CedarStatements.split(file.text())) {
            String where = file.name() + " line " + file.lineOf(statement.offset());
            try {
                for (Policy parsed : PolicySet.parsePolicies(statement.text()).policies) {
                    String annotated = parsed.getAnnotation("id");
                    String id = annotated != null ? annotated : file.name() + ":" + file.lineOf(statement.offset());
                    if (origins.containsKey(id)) {
                        problems.add(key, where + ": duplicate policy id " + id);
                        continue;
                    }
                    origins.put(id, new Origin(file, statement.offset(), key));
                    policies.add(new Policy(parsed.policySrc, id));
                }
            } catch (AuthException e) {
                problems.add(key, where + ": " + cedarMessage(e));
            }
        }
    }

    private static void validate(PolicySet policySet, Schema schema, Map<String, Origin> origins, String key,
                                 ConfigProblems problems) {
        try {
            ValidationResponse response = new BasicAuthorizationEngine().validate(new ValidationRequest(schema, policySet));
            if (response.validationPassed()) {
                return;
            }
            if (response.success.isPresent()) {
                for (ValidationResponse.ValidationError error : response.success.get().validationErrors) {
                    Origin origin = origins.get(error.getPolicyId());
                    DetailedError detail = error.getError();
                    int within = detail.sourceLocations.isEmpty() ? 0 : detail.sourceLocations.getFirst().start;
                    problems.add(origin.key(), origin.file().name() + " line "
                            + origin.file().lineOf(origin.offset() + within) + ": " + detail.message);
                }
            }
            response.errors.ifPresent(errors -> errors.forEach(error ->
                    problems.add(key, "Cedar validation failed: " + error.message)));
        } catch (AuthException e) {
            problems.add(key, "Cedar validation failed: " + cedarMessage(e));
        }
    }

    private static String cedarMessage(AuthException e) {
        List<String> errors = e instanceof com.cedarpolicy.model.exception.InternalException internal
                ? internal.getErrors() : List.of();
        String message = errors.isEmpty() ? e.getMessage() : String.join("; ", errors);
        return message.replace("Internal error: ", "").replace("Internal JNI Error: ", "");
    }
}
