package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAccountTest {
    @TempDir
    Path dir;

    @Test
    void firstStartGeneratesAPasswordReadableByTheOwnerOnly() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "# users\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        String password = AdminAccount.ensure(users, dir.resolve("data/admin-password"), null);

        assertNotNull(password);
        assertEquals(password + "\n", Files.readString(dir.resolve("data/admin-password")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/admin-password"))));
        String content = Files.readString(users);
        assertTrue(content.contains("admin = " + password + ",_g_:admingroup"), content);
        assertEquals(1, content.lines().filter(l -> l.startsWith("_g_\\:admingroup")).count());
    }

    @Test
    void passwordFromTheEnvironmentIsUsedAndNotWrittenToData() throws Exception {
        Path users = dir.resolve("users.properties");
        assertNull(AdminAccount.ensure(users, dir.resolve("admin-password"), "s3cret-Pass"));
        assertTrue(Files.readString(users).contains("admin = s3cret-Pass,_g_:admingroup"));
        assertTrue(Files.readString(users).contains("_g_\\:admingroup = group,admin"));
        assertFalse(Files.exists(dir.resolve("admin-password")));
    }

    @Test
    void unusablePasswordFromTheEnvironmentIsReplacedByAGeneratedOne() throws Exception {
        Path users = dir.resolve("users.properties");
        String generated = AdminAccount.ensure(users, dir.resolve("admin-password"), "a,b");
        assertNotNull(generated);
        assertFalse(Files.readString(users).contains("a,b"));
    }

    @Test
    void existingAdminIsLeftAlone() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "admin = {CRYPT}abc{CRYPT},_g_:admingroup\n");
        assertNull(AdminAccount.ensure(users, dir.resolve("admin-password"), null));
        assertEquals("admin = {CRYPT}abc{CRYPT},_g_:admingroup\n", Files.readString(users));
        assertFalse(Files.exists(dir.resolve("admin-password")));
    }
}
