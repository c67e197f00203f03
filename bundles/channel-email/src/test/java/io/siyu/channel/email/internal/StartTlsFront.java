package io.siyu.channel.email.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * STARTTLS in front of a plain SMTP server (GreenMail 1.6 has none): greets, offers STARTTLS, and
 * once the client has upgraded relays the TLS session byte for byte to the real server (whose own
 * greeting it swallows), so everything after the upgrade — EHLO, AUTH, the message — is the real
 * server's. Refuses anything but EHLO, STARTTLS and QUIT before the upgrade, as a server requiring
 * TLS would.
 */
final class StartTlsFront implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext tls;
    private final int backendPort;
    private final Thread acceptor;
    volatile int upgrades;

    StartTlsFront(int backendPort, String keyStoreResource) throws Exception {
        this.backendPort = backendPort;
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = StartTlsFront.class.getResourceAsStream(keyStoreResource)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "starttls-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "starttls-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = client.getOutputStream();
            say(out, "220 localhost ESMTP front");
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.toUpperCase();
                if (cmd.startsWith("EHLO")) {
                    say(out, "250-localhost\r\n250 STARTTLS");
                } else if (cmd.equals("STARTTLS")) {
                    say(out, "220 2.0.0 ready for TLS");
                    SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client, "localhost",
                            client.getPort(), true);
                    secured.setUseClientMode(false);
                    secured.startHandshake();
                    upgrades++;
                    relay(secured);
                    return;
                } else if (cmd.equals("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "530 5.7.0 must issue a STARTTLS command first");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void relay(SSLSocket secured) throws IOException {
        try (Socket backend = new Socket()) {
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort));
            InputStream fromBackend = backend.getInputStream();
            // the backend's greeting: the client was greeted already
            int b;
            while ((b = fromBackend.read()) >= 0 && b != '\n') {
                // skip
            }
            Thread up = new Thread(() -> pipe(safeIn(secured), safeOut(backend)), "starttls-up");
            up.setDaemon(true);
            up.start();
            pipe(fromBackend, secured.getOutputStream());
        }
    }

    private static InputStream safeIn(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputStream safeOut(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pipe(InputStream in, OutputStream out) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0;) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
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
