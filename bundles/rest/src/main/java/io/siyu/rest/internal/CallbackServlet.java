package io.siyu.rest.internal;

import io.siyu.api.UnavailableException;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.InboundCallback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Provider callbacks at {@code /siyu/callback/<type>/<account>}, handed to the adapter of that
 * channel, which verifies and decrypts them. Paths below the account's URL (an e-mail unsubscribe
 * link, a mini program's ingest endpoint) go to the adapter only where it accepts them. No login here: the providers authenticate by signature.
 * A plain servlet rather than Jersey, so the body is read at most once and never parsed before the
 * adapter has checked the signature and the size.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + CallbackServlet.PATTERN,
        "osgi.http.whiteboard.servlet.name=siyu-callback"})
public final class CallbackServlet extends HttpServlet {
    static final String PATTERN = "/siyu/callback/*";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(CallbackServlet.class.getName());

    private transient volatile ChannelRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindRegistry(ChannelRegistry r) {
        registry = r;
    }

    void unbindRegistry(ChannelRegistry r) {
        if (registry == r) {
            registry = null;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", 3) : new String[0];
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            plain(resp, 404, "callbacks go to /siyu/callback/<type>/<account>");
            return;
        }
        String channel = parts[0] + "/" + parts[1];
        String below = parts.length == 3 ? "/" + parts[2] : "";
        ChannelRegistry current = registry;
        Optional<InboundCallback> handler = current == null ? Optional.empty()
                : current.adapter(parts[0], parts[1]).flatMap(ChannelAdapter::inboundCallback);
        if (handler.isEmpty()) {
            // 503, not 404, while the adapter is away (being updated): the provider retries later.
            boolean known = current != null && current.adapter(parts[0], parts[1]).isPresent();
            plain(resp, known ? 404 : 503, known ? channel + " takes no callbacks" : channel + " is not running");
            return;
        }
        if (!handler.get().acceptsPath(below)) {
            plain(resp, 404, channel + " has nothing at " + below);
            return;
        }
        String method = req.getMethod();
        if (!"GET".equals(method) && !"POST".equals(method)) {
            resp.setHeader("Allow", "GET, POST");
            plain(resp, 405, "callbacks are GET (URL verification) or POST");
            return;
        }
        if (req.getContentLengthLong() > CallbackRequest.MAX_BODY_BYTES) {
            reject(resp, channel, new CallbackRejected(CallbackRejected.Reason.TOO_LARGE,
                    req.getContentLengthLong() + " bytes announced"));
            return;
        }
        try {
            byte[] body = read(req.getInputStream());
            CallbackRequest request = new CallbackRequest(method, query(req.getQueryString()), headers(req), body,
                    below);
            CallbackResponse response = handler.get().handle(request);
            resp.setStatus(response.status());
            resp.setContentType(response.contentType());
            resp.getOutputStream().write(response.body());
        } catch (CallbackRejected e) {
            reject(resp, channel, e);
        } catch (UnavailableException e) {
            LOG.warning("callback for " + channel + " could not be recorded now (the provider will retry): "
                    + e.getMessage());
            plain(resp, 503, "cannot record the callback now; retry later");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "callback for " + channel + " failed", e);
            plain(resp, 500, "the callback could not be handled");
        }
    }

    private static void reject(HttpServletResponse resp, String channel, CallbackRejected e) throws IOException {
        // The adapter's message names the check that failed and never a secret; the body stays vague.
        LOG.warning("callback for " + channel + " rejected: " + e.getMessage());
        plain(resp, e.status(), "rejected: " + e.reason().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Reads at most one byte more than allowed, so an oversize body is refused without buffering it. */
    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int n; (n = in.read(buffer)) > 0;) {
            total += n;
            if (total > CallbackRequest.MAX_BODY_BYTES) {
                throw new CallbackRejected(CallbackRejected.Reason.TOO_LARGE, "more than "
                        + CallbackRequest.MAX_BODY_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The query as sent, decoded once (a "+" in a base64 echostr arrives encoded as %2B). */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            out.put(name, Collections.list(req.getHeaders(name)));
        }
        return out;
    }

    private static void plain(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
