package com.aquastream.backup.core.wal;

import com.aquastream.backup.core.naming.Identifiers;
import com.aquastream.backup.core.process.ChildEnvironment;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's server-side programs (pg_ctl, pg_verifybackup, tar into a data directory) of one installation,
 * as the OS user that must own a data directory. PostgreSQL refuses to run as root, so a service that runs as root
 * (a build machine) runs them through {@code runuser -u <user>}; a service that runs as an ordinary user runs them
 * as itself ({@code osUser} null).
 */
public final class ServerPrograms {

    /** Stands for the major version in a configured directory. */
    public static final String MAJOR = "{major}";

    private final Path binDir;
    private final String osUser;

    /**
     * @param binDir where the server's programs of the wanted major version are (e.g.
     *               {@code /usr/lib/postgresql/15/bin})
     * @param osUser the OS user to run them as, or null for the service's own user
     */
    public ServerPrograms(Path binDir, String osUser) {
        this.binDir = Objects.requireNonNull(binDir, "binDir");
        this.osUser = osUser == null ? null : Identifiers.requireIdentifier("OS user", osUser);
    }

    /** {@code postgres} when this JVM runs as root (PostgreSQL would refuse it), else null: ourselves. */
    public static String defaultOsUser() {
        return "root".equals(System.getProperty("user.name")) ? "postgres" : null;
    }

    public Path binDir() {
        return binDir;
    }

    /**
     * These programs for a server of major version {@code major}: {@code {major}} in the directory (e.g.
     * {@code /usr/lib/postgresql/{major}/bin}, Debian's and PGDG's layout) is replaced by it; a directory without it
     * is taken as it is.
     */
    public ServerPrograms forMajor(int major) {
        String dir = binDir.toString();
        return dir.contains(MAJOR) ? new ServerPrograms(Path.of(dir.replace(MAJOR, Integer.toString(major))), osUser)
                : this;
    }

    /** The major version of the server programs here ({@code postgres --version}). */
    public int majorVersion() throws IOException {
        String out = run(List.of(program("postgres"), "--version"), Duration.ofSeconds(30));
        return parseMajor(out);
    }

    /** {@code 15} from {@code postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)}; also {@code 9.6.24} → 9. */
    static int parseMajor(String versionOutput) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(PostgreSQL\\) (\\d+)")
                .matcher(versionOutput);
        if (!m.find()) {
            throw new IOException("not a PostgreSQL version: " + versionOutput.strip());
        }
        return Integer.parseInt(m.group(1));
    }

    /** The program's path in {@link #binDir}. */
    public String program(String name) {
        return binDir.resolve(name).toString();
    }

    /** Makes {@code path} owned by the OS user the programs run as (no-op when that is ourselves). */
    public void own(Path path) throws IOException {
        if (osUser != null) {
            UserPrincipal user = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
            Files.setOwner(path, user);
        }
    }

    /** The command line that runs {@code command} as the OS user. */
    public List<String> as(List<String> command) {
        List<String> full = new ArrayList<>();
        if (osUser != null) {
            full.addAll(List.of("runuser", "-u", osUser, "--"));
        }
        full.addAll(command);
        return full;
    }

    /** Starts {@code command} as the OS user with a confined environment; stdin is the caller's to feed. */
    public Process start(List<String> command) throws IOException {
        return ChildEnvironment.confine(builder(command).redirectErrorStream(true)).start();
    }

    /**
     * Started in {@code /}: the service's working directory may be closed to the OS user, and psql, pg_ctl and
     * tar complain about (or fail on) a working directory they cannot enter.
     */
    private ProcessBuilder builder(List<String> command) {
        return new ProcessBuilder(as(command)).directory(new File("/"));
    }

    /**
     * Runs {@code command} to its end (stdin empty) and returns its output; fails with the output when it exits
     * with anything but 0 or runs longer than {@code timeout}.
     */
    public String run(List<String> command, Duration timeout) throws IOException {
        Path output = Files.createTempFile("pg-program-", ".log");
        try {
            Process process = ChildEnvironment.confine(builder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(name(command) + " did not finish within " + timeout + ": " + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IOException(name(command) + " exited with " + process.exitValue() + ": " + tail(output));
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + name(command), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String name(List<String> command) {
        return Path.of(command.get(0)).getFileName().toString();
    }

    private static String tail(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8).strip();
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }
}
