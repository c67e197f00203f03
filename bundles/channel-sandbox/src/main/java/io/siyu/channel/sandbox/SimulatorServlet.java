package io.siyu.channel.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Serves a simulator on the HTTP whiteboard; everything below the servlet's path goes to it. */
public abstract class SimulatorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Provider requests are JSON or XML of a few megabytes at most. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /** The simulator to answer with, or null while there is none (the servlet answers 503). */
    protected abstract Simulator simulator();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Simulator simulator = simulator();
        if (simulator == null) {
            resp.sendError(503, "sandbox not configured");
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            resp.sendError(413);
            return;
        }
        String base = req.getRequestURL().toString();
        String pathInfo = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (base.endsWith(pathInfo)) {
            base = base.substring(0, base.length() - pathInfo.length());
        }
        SimResponse answer;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            java.util.Enumeration<String> names = req.getHeaderNames(); // null where the container hides them
            for (String name : names == null ? List.<String>of() : Collections.list(names)) {
                headers.putIfAbsent(name, req.getHeader(name));
            }
            answer = simulator.handle(new SimRequest(req.getMethod(), base, pathInfo,
                    SimRequest.parseQuery(req.getQueryString()), body, headers));
        } catch (RuntimeException e) {
            answer = SimResponse.text(500, "sandbox failure: " + e);
        }
        resp.setStatus(answer.status());
        resp.setContentType(answer.contentType());
        resp.setContentLength(answer.body().length);
        resp.getOutputStream().write(answer.body());
    }

    /** A servlet over a fixed simulator supplier. */
    public static SimulatorServlet of(Supplier<Simulator> simulator) {
        return new SimulatorServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected Simulator simulator() {
                return simulator.get();
            }
        };
    }
}
