package io.siyu.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsoleServletTest {
    @Test
    void theRootIsTheIndexAndPlainFilesAreServedAsNamed() {
        assertEquals("index.html", ConsoleServlet.file("/"));
        assertEquals("assets/index-abc.js", ConsoleServlet.file("/assets/index-abc.js"));
    }

    @Test
    void pathsThatCouldLeaveTheConsoleFolderAreRefused() {
        for (String bad : new String[] {"/../META-INF/MANIFEST.MF", "/assets/../../x", "/./index.html", "/assets//x.js",
                "/assets/", "/.hidden", "/assets\\x.js", "/%2e%2e/x"}) {
            assertNull(ConsoleServlet.file(bad), bad);
        }
    }

    @Test
    void typesComeFromTheExtension() {
        assertEquals("text/javascript; charset=UTF-8", ConsoleServlet.type("assets/a.js"));
        assertEquals("text/html; charset=UTF-8", ConsoleServlet.type("index.html"));
        assertEquals("application/octet-stream", ConsoleServlet.type("README"));
    }

    /** The build put the Vite output on the class path, and the page loads only its own files (no CDN). */
    @Test
    void theBuiltPageReferencesOnlyItsOwnBundledAssets() throws IOException {
        String index;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConsoleServlet.ROOT + "index.html")) {
            assertNotNull(in, "console/index.html is missing: the npm build did not run");
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index);
        int assets = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertFalse(ref.contains("//"), "external or absolute reference in index.html: " + ref);
            assertTrue(ref.startsWith("./assets/"), "relative reference expected: " + ref);
            assertNotNull(getClass().getClassLoader().getResource(ConsoleServlet.ROOT + ref.substring(2)), ref);
            assets++;
        }
        assertTrue(assets >= 2, "index.html should load the script and the style sheet: " + index);
    }
}
