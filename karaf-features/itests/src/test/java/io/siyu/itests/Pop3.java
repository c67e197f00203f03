package io.siyu.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a mailbox over POP3 (RFC 1939) from inside the container, where GreenMail's own API is not:
 * USER / PASS, STAT, RETR or TOP, QUIT. Enough to check what the SMTP server received.
 */
final class Pop3 implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Pop3(int port, String user, String password) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        ok(in.readLine());
        command("USER " + user);
        command("PASS " + password);
    }

    int count() throws IOException {
        return Integer.parseInt(command("STAT").split(" ")[1]);
    }

    /** Message {@code n} (1-based) whole, lines joined with CRLF, dot-unstuffed. */
    String retrieve(int n) throws IOException {
        command("RETR " + n);
        return String.join("\r\n", multiline());
    }

    /** The headers of message {@code n}. */
    List<String> headers(int n) throws IOException {
        command("TOP " + n + " 0");
        return multiline();
    }

    private List<String> multiline() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            lines.add(line.startsWith("..") ? line.substring(1) : line);
        }
        return lines;
    }

    private String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return ok(in.readLine());
    }

    private static String ok(String reply) throws IOException {
        if (reply == null || !reply.startsWith("+OK")) {
            throw new IOException("POP3: " + reply);
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } finally {
            socket.close();
        }
    }
}
