package io.metaq.spi;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.metaq.spi.filter.FilterProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.JavaFileObject.Kind;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds plugin directories and jars at test time: compiles Java sources in memory against the test
 * class path (so they can implement the SPIs) and writes jars with chosen classes, resources and
 * {@code META-INF/services} files. Compiled classes are cached by source, so tests that build the
 * same plugin pay for javac once.
 */
final class TestingPluginJars {
    static final String FILTER_SERVICES = "META-INF/services/" + FilterProvider.class.getName();

    private static final Map<Map<String, String>, Map<String, byte[]>> COMPILED = new ConcurrentHashMap<>();

    private TestingPluginJars() {
    }

    /**
     * A plugin directory {@code parent/dirName} with a descriptor ({@code name=dirName},
     * {@code version=1.0.0}, {@code api.version=1}) and {@code <dirName>-filter.jar} holding a filter
     * provider named {@code providerName} (see {@link #filterProviderSource}) and its services file.
     */
    static Path filterPlugin(Path parent, String dirName, String providerName) {
        Path dir = mkdirs(parent.resolve(dirName));
        writeDescriptor(dir, "name=" + dirName, "version=1.0.0", "api.version=1");
        String className = filterProviderClassName(providerName);
        Map<String, byte[]> classes = compile(Map.of(className, filterProviderSource(className, providerName)));
        writeJar(dir.resolve(dirName + "-filter.jar"), classes, Map.of(FILTER_SERVICES, services(className)));
        return dir;
    }

    /** The class {@link #filterPlugin} generates for a provider name, e.g. {@code plugin.geo.NamedFilterProvider}. */
    static String filterProviderClassName(String providerName) {
        String pkg = providerName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        return "plugin." + pkg + ".NamedFilterProvider";
    }

    /**
     * Source of a filter provider named {@code providerName} whose filters accept the messages whose
     * attribute equals the filter's {@code attribute} parameter.
     */
    static String filterProviderSource(String className, String providerName) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "import io.metaq.spi.filter.*;\n"
                + "public final class " + className.substring(dot + 1) + " implements FilterProvider {\n"
                + "    @Override public String name() { return \"" + providerName + "\"; }\n"
                + "    @Override public MessageFilter create(FilterConfig config) {\n"
                + "        String wanted = config.parameters().get(\"attribute\");\n"
                + "        return (context, message) -> wanted != null && wanted.equals(message.attribute());\n"
                + "    }\n"
                + "}\n";
    }

    /** Writes {@code dir/plugin.properties} with the given lines. */
    static void writeDescriptor(Path dir, String... lines) {
        try {
            Files.write(mkdirs(dir).resolve(PluginDescriptor.FILE_NAME), List.of(lines), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of a services file listing {@code classNames}. */
    static String services(String... classNames) {
        return String.join("\n", classNames) + "\n";
    }

    /**
     * Compiles {@code sources} (binary class name to source) against the test class path.
     *
     * @return binary class name (including nested classes) to class file bytes
     */
    static Map<String, byte[]> compile(Map<String, String> sources) {
        return COMPILED.computeIfAbsent(Map.copyOf(sources), TestingPluginJars::javac);
    }

    /** The classes of {@code classes} whose names start with {@code prefix}. */
    static Map<String, byte[]> only(Map<String, byte[]> classes, String prefix) {
        Map<String, byte[]> selected = new TreeMap<>();
        classes.forEach((name, bytes) -> {
            if (name.startsWith(prefix)) {
                selected.put(name, bytes);
            }
        });
        return selected;
    }

    /**
     * Writes a jar with a manifest, the given classes (binary name to bytes) and resources (path in
     * the jar to UTF-8 text, e.g. {@link #FILTER_SERVICES}).
     */
    static Path writeJar(Path jar, Map<String, byte[]> classes, Map<String, String> resources) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mkdirs(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static Map<String, byte[]> javac(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> output = new LinkedHashMap<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SourceFile(name, code)));
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8);
                JavaFileManager inMemory = new ForwardingJavaFileManager<>(standard) {
                    @Override
                    public JavaFileObject getJavaFileForOutput(Location location, String className, Kind kind,
                            FileObject sibling) {
                        return new SimpleJavaFileObject(uri("mem", className, kind), kind) {
                            @Override
                            public OutputStream openOutputStream() {
                                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                                output.put(className, bytes);
                                return bytes;
                            }
                        };
                    }
                }) {
            List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classPath());
            if (!javac.getTask(null, inMemory, diagnostics, options, null, units).call()) {
                throw new AssertionError("test plugin sources do not compile: " + diagnostics.getDiagnostics());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        output.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return Map.copyOf(classes);
    }

    /** The test class path, plus mq-api's own location in case a launcher hides it from java.class.path. */
    private static String classPath() {
        try {
            Path api = Path.of(FilterProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return System.getProperty("java.class.path") + java.io.File.pathSeparator + api;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String scheme, String className, Kind kind) {
        return URI.create(scheme + ":///" + className.replace('.', '/') + kind.extension);
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class SourceFile extends SimpleJavaFileObject {
        private final String code;

        SourceFile(String className, String code) {
            super(uri("string", className, Kind.SOURCE), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
