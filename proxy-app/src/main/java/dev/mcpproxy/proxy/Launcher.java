package dev.mcpproxy.proxy;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's Main-Class, compiled for Java 8 (see proxy-app/pom.xml) so that an older default
 * {@code java} can load it: there it says what to run instead of ending in
 * {@code UnsupportedClassVersionError}; on Java 21 or newer it hands over to {@code Main}.
 * {@code Main} is reached by reflection, since this class is compiled apart from it.
 */
public final class Launcher {
    static final int REQUIRED_JAVA = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        String problem = problem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
        }
        try {
            Class.forName("dev.mcpproxy.proxy.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** What to do when {@code specificationVersion} ("1.8", "17", ...) is too old, or null. */
    static String problem(String specificationVersion, String javaHome) {
        if (major(specificationVersion) >= REQUIRED_JAVA) {
            return null;
        }
        return "proxy-app.jar needs Java " + REQUIRED_JAVA + " or newer; this java is Java " + specificationVersion
                + " (" + javaHome + ").\n"
                + "Run it with a JDK " + REQUIRED_JAVA + "+ instead, from the project's root:\n"
                + "  scripts/mcp-proxy local [flags]      finds a JDK " + REQUIRED_JAVA
                + "+ (JAVA_HOME, /usr/lib/jvm, ...) and runs this jar\n"
                + "  \"$(bin/find-jdk)/bin/java\" -jar proxy-app/target/proxy-app.jar [flags]\n"
                + "or install a JDK " + REQUIRED_JAVA + " or newer (e.g. Amazon Corretto 21) and set JAVA_HOME to it.";
    }

    private static int major(String specificationVersion) {
        String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }
}
