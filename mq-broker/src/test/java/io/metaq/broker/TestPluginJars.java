package io.metaq.broker;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.metaq.spi.filter.FilterProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds plugin directories at test time (as mq-api's plugin tests do): compiles a filter provider in
 * memory against the test class path and writes it, with its services file, into a jar next to a
 * {@code plugin.properties}.
 */
final class TestPluginJars {
    static final String FILTER_SERVICES = "META-INF/services/" + FilterProvider.class.getName();

    private TestPluginJars() {
    }

    /**
     * {@code parent/dirName} holding plugin {@code name} {@code version} with a filter provider named
     * {@code provider} whose filters accept records whose data starts with the {@code prefix}
     * parameter. The provider and its filters fail unless the context class loader is the plugin's.
     */
    static Path prefixFilterPlugin(Path parent, String dirName, String name, String version, String provider) {
        Path dir = parent.resolve(dirName);
        write(dir.resolve("plugin.properties"), "name=" + name + "\nversion=" + version + "\napi.version=1\n");
        String pkg = "plugin." + provider.replaceAll("[^a-z0-9]", "_");
        String cls = pkg + ".PrefixFilterProvider";
        String source = "package " + pkg + ";\n"
                + "import io.metaq.spi.filter.*;\n"
                + "import io.metaq.api.ConfigException;\n"
                + "public final class PrefixFilterProvider implements FilterProvider {\n"
                + "  @Override public String name() { return \"" + provider + "\"; }\n"
                + "  static void checkLoader() {\n"
                + "    if (Thread.currentThread().getContextClassLoader() != PrefixFilterProvider.class.getClassLoader())\n"
                + "      throw new IllegalStateException(\"context class loader is not the plugin's\");\n"
                + "  }\n"
                + "  @Override public MessageFilter create(FilterConfig config) {\n"
                + "    checkLoader();\n"
                + "    String prefix = config.parameters().get(\"prefix\");\n"
                + "    if (prefix == null) throw new ConfigException(\"prefix\", \"is required\");\n"
                + "    byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);\n"
                + "    return (context, message) -> {\n"
                + "      checkLoader();\n"
                + "      java.nio.ByteBuffer d = message.data();\n"
                + "      if (d.remaining() < p.length) return false;\n"
                + "      for (int i = 0; i < p.length; i++) if (d.get(d.position() + i) != p[i]) return false;\n"
                + "      return true;\n"
                + "    };\n"
                + "  }\n"
                + "}\n";
        writeJar(dir.resolve(dirName + ".jar"), compile(cls, source), Map.of(FILTER_SERVICES, cls + "\n"));
        return dir;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeJar(Path jar, Map<String, byte[]> classes, Map<String, String> resources) {
        try {
            Files.createDirectories(jar.getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                for (Map.Entry<String, byte[]> c : new TreeMap<>(classes).entrySet()) {
                    out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                    out.write(c.getValue());
                    out.closeEntry();
                }
                for (Map.Entry<String, String> r : new TreeMap<>(resources).entrySet()) {
                    out.putNextEntry(new JarEntry(r.getKey()));
                    out.write(r.getValue().getBytes(UTF_8));
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binary class name to class bytes (nested and synthetic classes included). */
    static Map<String, byte[]> compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> output = new TreeMap<>();
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8);
                JavaFileManager memory = new ForwardingJavaFileManager<>(standard) {
                    @Override
                    public JavaFileObject getJavaFileForOutput(Location location, String name,
                            JavaFileObject.Kind kind, FileObject sibling) {
                        return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension),
                                kind) {
                            @Override
                            public OutputStream openOutputStream() {
                                ByteArrayOutputStream b = new ByteArrayOutputStream();
                                output.put(name, b);
                                return b;
                            }
                        };
                    }
                }) {
            String classPath = System.getProperty("java.class.path") + java.io.File.pathSeparator
                    + Path.of(FilterProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classPath);
            if (!javac.getTask(null, memory, diagnostics, options, null, List.of(unit)).call()) {
                throw new AssertionError("plugin source does not compile: " + diagnostics.getDiagnostics());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        output.forEach((n, b) -> classes.put(n, b.toByteArray()));
        return classes;
    }
}
