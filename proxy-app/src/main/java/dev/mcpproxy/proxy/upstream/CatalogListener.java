package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.federation.Catalog;
import dev.mcpproxy.proxy.federation.ListKind;

import java.util.Set;

/** Told when the merged catalog changed, so stateful clients can be sent {@code list_changed}. */
@FunctionalInterface
public interface CatalogListener {

    /** @param changed the listings whose items differ from the previous catalog (never empty) */
    void catalogChanged(Catalog catalog, Set<ListKind> changed);
}
