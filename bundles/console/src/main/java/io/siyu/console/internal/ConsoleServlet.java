package io.siyu.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The operator console: the static files Vite built into {@code console/} of this bundle, served at
 * {@code /siyu/console/}. The console is a single page with hash routes, so only {@code index.html}
 * and the hashed files under {@code assets/} exist; it talks to the REST API, which does all
 * authentication, so these files are public (they hold no data).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + ConsoleServlet.PATTERN,
        "osgi.http.whiteboard.servlet.name=siyu-console"})
public final class ConsoleServlet extends HttpServlet {
    static final String PATTERN = "/siyu/console/*";
    static final String ROOT = "console/";
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "woff2", "font/woff2");
    /**
     * Same-origin only: the console loads no code or style from elsewhere at run time (no CDN), and
     * ECharts sets inline styles on its SVG, hence style-src 'unsafe-inline'. Images may also come
     * over https: channel codes' QR codes are images on the provider's servers (WeCom's qpic.cn).
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
            + "form-action 'self'";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean body) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // /siyu/console without the slash: relative asset URLs need the directory form.
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        String file = file(path);
        URL resource = file == null ? null : ConsoleServlet.class.getClassLoader().getResource(ROOT + file);
        if (resource == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(type(file));
        // Vite puts a content hash in every asset's name, so they never change; index.html names
        // the current ones and must be fetched again after an update.
        response.setHeader("Cache-Control", file.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (file.endsWith(".html")) {
            response.setHeader("Content-Security-Policy", CSP);
            response.setHeader("X-Frame-Options", "DENY");
        }
        URLConnection connection = resource.openConnection();
        long length = connection.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream in = connection.getInputStream()) {
            if (body) {
                OutputStream out = response.getOutputStream();
                in.transferTo(out);
            }
        }
    }

    /**
     * The file under {@code console/} for a request path, or null for a path that tries to leave it
     * (any {@code ..}, backslash or empty segment) or is not a plain file name.
     */
    static String file(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return "index.html";
        }
        if (p.contains("\\") || p.contains("//") || p.endsWith("/") || p.contains("%")) {
            return null;
        }
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.startsWith(".")) {
                return null;
            }
        }
        return p;
    }

    static String type(String file) {
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
