package io.siyu.itests;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail (SMTP to receive, POP3 to read back) in the test JVM, outside Karaf: started once from
 * {@link MailChannelIT}'s {@code @Configuration}, which Pax Exam runs on the host side, and left
 * running until the JVM ends. The container reaches it on loopback through the ports it is given.
 * Only the host loads this class.
 */
final class MailServers {
    static final String[] MAILBOXES = {"reader@example.com", "hotswap@example.com"};
    private static GreenMail greenMail;
    private static int[] ports;

    private MailServers() {
    }

    /** {smtp, pop3}. */
    static synchronized int[] start() {
        if (greenMail == null) {
            int smtp = ExamOptions.freePort();
            int pop3 = ExamOptions.freePort();
            ServerSetup[] setups = {new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(pop3, "127.0.0.1", ServerSetup.PROTOCOL_POP3)};
            for (ServerSetup s : setups) {
                s.setServerStartupTimeout(30_000);
            }
            greenMail = new GreenMail(setups);
            greenMail.start();
            for (String box : MAILBOXES) {
                greenMail.setUser(box, box, box);
            }
            ports = new int[] {smtp, pop3};
        }
        return ports.clone();
    }
}
