package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Cedar native library (JNI, extracted from the uber jar) loads and evaluates on this platform. */
class CedarNativeLibraryTest {

    @Test
    void evaluatesAPolicyThroughTheNativeLibrary() throws Exception {
        PolicySet policies = PolicySet.parsePolicies("permit(principal == User::\"alice\", action, resource);");
        var user = EntityTypeName.parse("User").orElseThrow();
        var action = EntityTypeName.parse("Action").orElseThrow();
        var resource = EntityTypeName.parse("Tool").orElseThrow();

        var engine = new BasicAuthorizationEngine();
        var alice = engine.isAuthorized(new AuthorizationRequest(user.of("alice"), action.of("callTool"),
                resource.of("echo"), new Context(Map.of())), policies, new Entities());
        var bob = engine.isAuthorized(new AuthorizationRequest(user.of("bob"), action.of("callTool"),
                resource.of("echo"), new Context(Map.of())), policies, new Entities());

        assertThat(alice.success.orElseThrow().isAllowed()).isTrue();
        assertThat(bob.success.orElseThrow().isAllowed()).isFalse();
    }
}
