package io.siyu.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Makes sure the realm has a user {@code admin} on the first start: with the password from
 * {@code SIYU_ADMIN_PASSWORD}, or a generated one that is printed once and written to
 * {@code <data>/admin-password} (readable by the owner only). The realm hashes it on first login
 * when password encryption is on, as in the Siyu distribution.
 */
@Component(immediate = true)
public final class AdminAccount {
    static final String USER = "admin";
    static final String PASSWORD_ENV = "SIYU_ADMIN_PASSWORD";
    private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());
    /** users.properties splits the value at commas and treats backslashes as escapes. */
    private static final Pattern USABLE_PASSWORD = Pattern.compile("[^,\\\\\\s]{8,128}");

    @Activate
    public AdminAccount(BundleContext context) {
        String etc = context.getProperty("karaf.etc");
        String data = context.getProperty("karaf.data");
        if (etc == null || data == null) {
            LOG.warning("karaf.etc / karaf.data not set: not creating the Siyu admin user");
            return;
        }
        try {
            ensure(Path.of(etc, "users.properties"), Path.of(data, "admin-password"), System.getenv(PASSWORD_ENV));
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "could not create the Siyu admin user", e);
        }
    }

    /** @return the generated password, or null if none was generated */
    static String ensure(Path users, Path passwordFile, String fromEnv) throws IOException {
        List<String> lines = Files.exists(users) ? Files.readAllLines(users, StandardCharsets.UTF_8) : List.of();
        boolean present = lines.stream().map(String::strip)
                .anyMatch(l -> !l.startsWith("#") && l.matches(Pattern.quote(USER) + "\\s*[=:].*"));
        if (present) {
            return null;
        }
        String password = fromEnv;
        boolean generated = false;
        if (password != null && !USABLE_PASSWORD.matcher(password).matches()) {
            LOG.severe(PASSWORD_ENV + " is unusable (8-128 characters, no commas, backslashes or spaces):"
                    + " generating a password instead");
            password = null;
        }
        if (password == null) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            generated = true;
        }
        StringBuilder add = new StringBuilder();
        if (lines.stream().noneMatch(l -> l.strip().startsWith("_g_\\:admingroup"))) {
            add.append("_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        }
        add.append(USER).append(" = ").append(password).append(",_g_:admingroup\n");
        String existing = Files.exists(users) ? Files.readString(users, StandardCharsets.UTF_8) : "";
        String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(users, separator + add, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (!generated) {
            LOG.info("Siyu admin user created with the password from " + PASSWORD_ENV);
            return null;
        }
        Files.createDirectories(passwordFile.getParent());
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        // Printed once, on the console of the first start; afterwards only the file has it.
        System.out.println("Siyu: created user 'admin' with password " + password + " (also in " + passwordFile + ")");
        LOG.info("Siyu admin user created; password written to " + passwordFile);
        return password;
    }
}
