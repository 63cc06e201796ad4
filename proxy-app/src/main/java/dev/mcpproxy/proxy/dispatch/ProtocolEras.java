package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The eras one endpoint serves; each request goes to the first era that claims it. */
public final class ProtocolEras {
    private final List<ProtocolEra> eras;

    public ProtocolEras(List<ProtocolEra> eras) {
        this.eras = List.copyOf(eras);
    }

    public Optional<ProtocolEra> select(String headerVersion, JsonNode body) {
        return eras.stream().filter(era -> era.claims(headerVersion, body)).findFirst();
    }

    /** Whether a header version is known to any era (checked before the body is read). */
    public boolean supports(String headerVersion) {
        return eras.stream().anyMatch(era -> era.versions().contains(headerVersion));
    }

    public List<String> supportedVersions() {
        List<String> versions = new ArrayList<>();
        eras.forEach(era -> versions.addAll(era.versions()));
        return versions;
    }
}
