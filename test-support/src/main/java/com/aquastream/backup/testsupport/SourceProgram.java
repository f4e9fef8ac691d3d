package com.aquastream.backup.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Runs one of the repository's single-file Java programs (those infra/ scripts start with {@code java File.java})
 * inside this JVM: compiled against this JVM's classpath, then its {@code main} called. So the tests use the very
 * program the scripts use, not a copy of it.
 */
final class SourceProgram {

    private SourceProgram() {
    }

    static void run(Path source, String... args) {
        try {
            Path classes = Files.createTempDirectory("source-program-");
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler == null) {
                throw new IllegalStateException("no Java compiler in this JVM (a JRE?): cannot run " + source);
            }
            StringWriter diagnostics = new StringWriter();
            var fileManager = compiler.getStandardFileManager(null, null, null);
            boolean compiled = compiler.getTask(diagnostics, fileManager, null,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                            "-proc:none", "-nowarn"),
                    null, fileManager.getJavaFileObjects(source)).call();
            if (!compiled) {
                throw new IllegalStateException("compiling " + source + " failed:\n" + diagnostics);
            }
            String mainClass = source.getFileName().toString().replaceFirst("\\.java$", "");
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    SourceProgram.class.getClassLoader())) {
                loader.loadClass(mainClass).getMethod("main", String[].class).invoke(null, (Object) args);
            }
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(source.getFileName() + " failed: " + e.getCause(), e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run " + source, e);
        }
    }
}
