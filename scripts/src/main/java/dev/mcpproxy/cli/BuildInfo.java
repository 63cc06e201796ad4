package dev.mcpproxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions fixed at build time (the CLI's own, the pinned CDK toolkit). */
public final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {}

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("cli.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    public static String version() {
        return PROPERTIES.getProperty("version");
    }

    public static String cdkToolkitVersion() {
        return PROPERTIES.getProperty("aws-cdk-cli.version");
    }
}
