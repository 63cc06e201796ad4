package dev.mcpproxy.proxy.governance.policy;

/**
 * What a set of policies can observe of a request beyond the UIDs of principal, action and
 * resource: attribute paths of the principal, the resource and the context, whether principal or
 * resource tags are read, and whose ancestors an {@code in} looks at. {@code everything}: a
 * condition reads the request in a way {@link ConditionReads} does not follow, so the request
 * must be sent unpruned.
 */
final class PolicyReads {
    final AttributePaths principal = new AttributePaths();
    final AttributePaths resource = new AttributePaths();
    final AttributePaths context = new AttributePaths();
    boolean principalTags;
    boolean resourceTags;
    boolean principalAncestors;
    boolean actionAncestors;
    boolean resourceAncestors;
    boolean everything;

    void allAncestors() {
        principalAncestors = true;
        actionAncestors = true;
        resourceAncestors = true;
    }

    void addAll(PolicyReads other) {
        principal.addAll(other.principal);
        resource.addAll(other.resource);
        context.addAll(other.context);
        principalTags |= other.principalTags;
        resourceTags |= other.resourceTags;
        principalAncestors |= other.principalAncestors;
        actionAncestors |= other.actionAncestors;
        resourceAncestors |= other.resourceAncestors;
        everything |= other.everything;
    }
}
