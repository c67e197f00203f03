package io.siyu.channel.email.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One connection to the submission server, speaking the part of SMTP (RFC 5321) a sender needs:
 * EHLO, STARTTLS (RFC 3207), AUTH PLAIN / LOGIN (RFC 4954), MAIL / RCPT / DATA, RSET, QUIT. TLS
 * checks the server's certificate and host name. Not thread-safe: one sender at a time; the
 * adapter pools sessions.
 */
final class SmtpSession implements Closeable {
    /** Lines longer than this in a reply are a broken or hostile server. */
    private static final int MAX_REPLY_LINE = 4096;
    private static final int MAX_REPLY_LINES = 200;

    /** Where and how to connect; the password never leaves this record except into AUTH. */
    record Server(String host, int port, EmailSettings.Security security, String username, String password,
            String heloName, int connectTimeoutMillis, int readTimeoutMillis, SSLContext tls) {
        @Override
        public String toString() {
            return "Server[" + host + ":" + port + " " + security + (username == null ? "" : " as " + username) + "]";
        }
    }

    private final Server server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Set<String> extensions = new HashSet<>();
    private final List<String> authMechanisms = new ArrayList<>();
    private boolean broken;

    private SmtpSession(Server server) {
        this.server = server;
    }

    /** Connects, greets, secures and logs in as the account says. */
    static SmtpSession open(Server server) throws SmtpFailure {
        SmtpSession s = new SmtpSession(server);
        try {
            s.connect();
            return s;
        } catch (SmtpFailure e) {
            s.close();
            throw e;
        }
    }

    private void connect() throws SmtpFailure {
        try {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(server.host(), server.port()), server.connectTimeoutMillis());
            plain.setSoTimeout(server.readTimeoutMillis());
            socket = plain;
            if (server.security() == EmailSettings.Security.SSL) {
                socket = secure(plain);
            }
            streams();
        } catch (SmtpFailure e) {
            throw e;
        } catch (IOException e) {
            throw new SmtpFailure(SmtpFailure.Kind.CONNECTION, "cannot connect to " + server.host() + ":"
                    + server.port() + ": " + describe(e), null, e);
        }
        SmtpReply greeting = read();
        if (greeting.code() != 220) {
            throw new SmtpFailure(greeting.transientNegative() ? SmtpFailure.Kind.CONNECTION : SmtpFailure.Kind.PROTOCOL,
                    "the server did not greet: " + greeting, greeting, null);
        }
        ehlo();
        if (server.security() == EmailSettings.Security.STARTTLS) {
            if (!extensions.contains("STARTTLS")) {
                throw new SmtpFailure(SmtpFailure.Kind.TLS, server.host() + " does not offer STARTTLS; "
                        + "use security = ssl (usually port 465) or none", null, null);
            }
            SmtpReply go = command("STARTTLS");
            if (go.code() != 220) {
                throw new SmtpFailure(SmtpFailure.Kind.TLS, "STARTTLS refused: " + go, go, null);
            }
            try {
                socket = secure(socket);
                streams();
            } catch (IOException e) {
                throw new SmtpFailure(SmtpFailure.Kind.CONNECTION, "TLS failed: " + describe(e), null, e);
            }
            ehlo(); // RFC 3207: forget what was said before TLS
        }
        if (server.username() != null) {
            authenticate();
        }
    }

    private Socket secure(Socket plain) throws SmtpFailure {
        try {
            SSLSocket tls = (SSLSocket) server.tls().getSocketFactory().createSocket(plain, server.host(), server.port(),
                    true);
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            tls.setSSLParameters(params);
            tls.setUseClientMode(true);
            tls.startHandshake();
            return tls;
        } catch (IOException e) {
            throw new SmtpFailure(SmtpFailure.Kind.TLS, "TLS handshake with " + server.host() + " failed: "
                    + describe(e), null, e);
        }
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private void ehlo() throws SmtpFailure {
        SmtpReply r = command("EHLO " + server.heloName());
        if (r.code() != 250) {
            throw new SmtpFailure(SmtpFailure.Kind.PROTOCOL, "EHLO refused: " + r, r, null);
        }
        extensions.clear();
        authMechanisms.clear();
        for (int i = 1; i < r.lines().size(); i++) {
            String[] words = r.lines().get(i).strip().toUpperCase(Locale.ROOT).split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            extensions.add(words[0]);
            if (words[0].equals("AUTH")) {
                for (int w = 1; w < words.length; w++) {
                    authMechanisms.add(words[w]);
                }
            }
        }
    }

    private void authenticate() throws SmtpFailure {
        if (!passwordMayTravel(server.security(), socket.getInetAddress())) {
            throw new SmtpFailure(SmtpFailure.Kind.TLS, "refusing to send the password unencrypted to "
                    + server.host() + "; use security = starttls or ssl", null, null);
        }
        String user = server.username();
        String password = server.password() == null ? "" : server.password();
        SmtpReply r;
        if (authMechanisms.contains("PLAIN") || !authMechanisms.contains("LOGIN")) {
            String plain = "\0" + user + "\0" + password;
            r = command("AUTH PLAIN " + b64(plain), "AUTH PLAIN ***");
        } else {
            r = command("AUTH LOGIN");
            if (r.code() == 334) {
                r = command(b64(user), "***");
            }
            if (r.code() == 334) {
                r = command(b64(password), "***");
            }
        }
        if (r.code() != 235) {
            throw new SmtpFailure(r.transientNegative() && r.code() != 454 ? SmtpFailure.Kind.CONNECTION
                    : SmtpFailure.Kind.AUTHENTICATION, "login as " + user + " refused: " + r, r, null);
        }
    }

    /** A password goes only over TLS, or unencrypted to a relay on this machine. */
    static boolean passwordMayTravel(EmailSettings.Security security, java.net.InetAddress peer) {
        return security != EmailSettings.Security.NONE || peer != null && peer.isLoopbackAddress();
    }

    boolean supports(String extension) {
        return extensions.contains(extension.toUpperCase(Locale.ROOT));
    }

    /** {@code MAIL FROM:<from>}, with the message's key as ENVID where the server takes DSN parameters. */
    SmtpReply mailFrom(String from, String envelopeId) throws SmtpFailure {
        String envid = envelopeId != null && supports("DSN") ? " ENVID=" + xtext(envelopeId) : "";
        return command("MAIL FROM:<" + from + ">" + envid);
    }

    SmtpReply rcptTo(String to) throws SmtpFailure {
        return command("RCPT TO:<" + to + ">");
    }

    /**
     * {@code DATA}, the message dot-stuffed, and the final dot. The message must use CRLF line ends
     * (the composer writes it so).
     */
    SmtpReply data(byte[] message) throws SmtpFailure {
        SmtpReply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        try {
            out.write(dotStuffed(message));
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw new SmtpFailure(SmtpFailure.Kind.CONNECTION, "connection lost while sending: " + describe(e), null, e);
        }
        return read();
    }

    /** Starts a new transaction on the same connection; false when the connection is no good any more. */
    boolean reset() {
        if (broken) {
            return false;
        }
        try {
            return command("RSET").code() == 250;
        } catch (SmtpFailure e) {
            return false;
        }
    }

    boolean usable() {
        return !broken && socket != null && !socket.isClosed();
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            if (!broken) {
                socket.setSoTimeout(2000);
                write("QUIT");
                read();
            }
        } catch (IOException | SmtpFailure e) {
            // closing anyway
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
            broken = true;
        }
    }

    private SmtpReply command(String line) throws SmtpFailure {
        return command(line, line);
    }

    private SmtpReply command(String line, String shown) throws SmtpFailure {
        try {
            write(line);
        } catch (IOException e) {
            broken = true;
            throw new SmtpFailure(SmtpFailure.Kind.CONNECTION, shown + ": " + describe(e), null, e);
        }
        SmtpReply r = read();
        if (r.code() == 421) {
            broken = true; // the server is closing the connection (RFC 5321 §3.8)
        }
        return r;
    }

    private void write(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an SMTP command is one line");
        }
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private SmtpReply read() throws SmtpFailure {
        List<String> lines = new ArrayList<>();
        int code = -1;
        try {
            while (true) {
                String line = readLine();
                if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                        || !Character.isDigit(line.charAt(2))) {
                    broken = true;
                    throw new SmtpFailure(SmtpFailure.Kind.PROTOCOL, "not an SMTP reply: " + clip(line), null, null);
                }
                int c = Integer.parseInt(line.substring(0, 3));
                if (code >= 0 && c != code) {
                    broken = true;
                    throw new SmtpFailure(SmtpFailure.Kind.PROTOCOL, "reply lines with different codes", null, null);
                }
                code = c;
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) != '-') {
                    return new SmtpReply(code, lines);
                }
                if (lines.size() > MAX_REPLY_LINES) {
                    broken = true;
                    throw new SmtpFailure(SmtpFailure.Kind.PROTOCOL, "reply too long", null, null);
                }
            }
        } catch (SocketTimeoutException e) {
            broken = true;
            throw new SmtpFailure(SmtpFailure.Kind.CONNECTION, "no answer within " + server.readTimeoutMillis() + " ms",
                    null, e);
        } catch (IOException e) {
            broken = true;
            throw new SmtpFailure(SmtpFailure.Kind.CONNECTION, "connection lost: " + describe(e), null, e);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() > MAX_REPLY_LINE) {
                throw new IOException("reply line too long");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** RFC 5321 §4.5.2: a line starting with a dot gets another; the message ends with CRLF.CRLF. */
    static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** RFC 3461 xtext: printable ASCII but "+" and "=", the rest as +HH. */
    static String xtext(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u >= 33 && u <= 126 && u != '+' && u != '=') {
                b.append((char) u);
            } else {
                b.append('+').append(String.format("%02X", u));
            }
        }
        return b.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
