package com.aquastream.backup.backupctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts another program and passes its output through: for commands that are another module's program. */
interface ChildProcesses {

    /**
     * Runs {@code command} in {@code directory} with exactly {@code environment}, copies its standard output to
     * {@code out} and its standard error to {@code err} as they come, and returns its exit status.
     */
    int run(List<String> command, Map<String, String> environment, Path directory, PrintWriter out, PrintWriter err);

    /** Real processes, through {@link ProcessBuilder}: no shell, the arguments as a list. */
    ChildProcesses SYSTEM = (command, environment, directory, out, err) -> {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackupctlException(Exit.ERROR, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Thread errors = copier(process.getErrorStream(), err);
        copy(process.getInputStream(), out);
        try {
            int status = process.waitFor();
            errors.join();
            return status;
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new BackupctlException(Exit.ERROR, "interrupted", e);
        }
    };

    private static Thread copier(InputStream in, PrintWriter to) {
        Thread thread = new Thread(() -> copy(in, to), "child-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void copy(InputStream in, PrintWriter to) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            to.println("(output of the child process lost: " + e.getMessage() + ")");
        }
    }
}
