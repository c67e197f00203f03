package io.siyu.channel.email.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An SMTP server whose answer to each RCPT TO is decided by the test (e.g. 550 5.1.1 for an unknown
 * mailbox, 451 4.7.1 for greylisting), since real servers only give those answers for real
 * reasons. Everything else is answered as a well-behaved server would.
 */
final class ScriptedSmtp implements AutoCloseable {
    private final ServerSocket server;
    private final Function<String, String> rcptReply;
    final List<String> commands = new CopyOnWriteArrayList<>();
    volatile int messages;

    ScriptedSmtp(Function<String, String> rcptReply) throws IOException {
        this.rcptReply = rcptReply;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "scripted-smtp");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                serve(s);
            } catch (IOException e) {
                // next
            }
        }
    }

    private void serve(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        say(out, "220 scripted ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String cmd = line.toUpperCase();
            if (cmd.startsWith("EHLO")) {
                say(out, "250-scripted\r\n250 8BITMIME");
            } else if (cmd.startsWith("MAIL FROM") || cmd.equals("RSET") || cmd.equals("NOOP")) {
                say(out, "250 2.0.0 ok");
            } else if (cmd.startsWith("RCPT TO:")) {
                say(out, rcptReply.apply(line.substring(8).replaceAll("[<>]", "").strip()));
            } else if (cmd.equals("DATA")) {
                say(out, "354 go ahead");
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // the message
                }
                messages++;
                say(out, "250 2.0.0 queued");
            } else if (cmd.equals("QUIT")) {
                say(out, "221 bye");
                return;
            } else {
                // RFC 5321's reply to a command this server does not offer (it has no STARTTLS or AUTH)
                say(out, "502 5.5.1 command not recognized");
            }
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
