package io.siyu.channel.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.siyu.api.FieldError;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.testing.FakeCore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.mail.BodyPart;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter sending through a real SMTP server (GreenMail), with what arrived read back by an
 * independent MIME parser (javax.mail): headers, both alternatives, Chinese text, the unsubscribe
 * headers and link, STARTTLS and SMTPS with login.
 */
class EmailAdapterTest {
    static final String FROM = "news@siyu.test";
    static final String PASSWORD = "s3cret-pass";
    static final String TO = "li.lei@example.com";

    static {
        // GreenMail's SMTPS presents our test certificate (CN and SAN localhost, 30 years)
        System.setProperty("greenmail.tls.keystore.file", resource("/smtp-server.p12").toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-11T02:00:00Z"));
    private final FakeCore platform = new FakeCore();
    private GreenMail greenMail;
    private EmailAdapter adapter;

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.stop(java.time.Duration.ofSeconds(1));
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(EmailAdapterTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static EmailSettings settings(String account, int port, EmailSettings.Security security, String user,
            String password, boolean trustTestCertificate) {
        return new EmailSettings(account, "localhost", port, security, user, password, FROM, "思域会员中心",
                "care@siyu.test", "https://crm.siyu.test", null,
                EmailSettings.unsubscribeKey("unsubscribe-secret-of-the-tests", null), "bounce-token-1", 0, 2,
                trustTestCertificate ? resource("/smtp-trust.p12") : null, "changeit", "siyu.test", 5, 10);
    }

    private GreenMail start(String protocol) {
        ServerSetup setup = new ServerSetup(freePort(), "127.0.0.1", protocol);
        setup.setServerStartupTimeout(30_000); // a busy CI machine starts it slowly
        greenMail = new GreenMail(setup);
        greenMail.start();
        greenMail.setUser(FROM, FROM, PASSWORD);
        return greenMail;
    }

    static OutboundMessage message(String key, String account, String to, MessageContent content) {
        return new OutboundMessage(key, "email", account, MessageKind.DIRECT,
                List.of(ChannelIdentity.of(IdentityType.EMAIL, to)), List.of(), content, null, null, Map.of());
    }

    static MessageContent.Email promotion() {
        return new MessageContent.Email("双十一 {name} 专享：全场五折",
                "<html><body><p>{name}您好，<b>全场五折</b>，仅限今天。</p></body></html>",
                "{name}您好，全场五折，仅限今天。\n.只有一行以点开头");
    }

    private long knownCustomer() {
        return platform.customer(ChannelIdentity.of(IdentityType.EMAIL, TO), "李雷", Map.of("remark", "VIP 李先生"));
    }

    @Test
    void aPersonalisedMultipartMessageArrivesWithBothPartsInUtf8AndOneClickUnsubscribeHeaders() throws Exception {
        start(ServerSetup.PROTOCOL_SMTP);
        knownCustomer();
        adapter = new EmailAdapter(settings("news", greenMail.getSmtp().getPort(), EmailSettings.Security.NONE, null,
                null, false), platform, clock);

        SendResult result = adapter.send(message("promo-1", "news", TO, promotion()));

        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, result);
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        MimeMessage got = greenMail.getReceivedMessages()[0];
        assertEquals("双十一 李雷 专享：全场五折", got.getSubject());
        InternetAddress from = (InternetAddress) got.getFrom()[0];
        assertEquals(FROM, from.getAddress());
        assertEquals("思域会员中心", from.getPersonal());
        assertEquals("李雷", ((InternetAddress) got.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal());
        assertEquals("care@siyu.test", ((InternetAddress) got.getReplyTo()[0]).getAddress());
        assertEquals("<" + accepted.providerMessageId() + ">", got.getMessageID());
        assertEquals("promo-1", got.getHeader(MailComposer.KEY_HEADER, null));

        String listUnsubscribe = got.getHeader("List-Unsubscribe", ",");
        assertTrue(listUnsubscribe.startsWith("<https://crm.siyu.test/siyu/callback/email/news/unsubscribe?t="),
                listUnsubscribe);
        assertTrue(listUnsubscribe.contains("<mailto:care@siyu.test?subject=unsubscribe>"), listUnsubscribe);
        assertEquals("List-Unsubscribe=One-Click", got.getHeader("List-Unsubscribe-Post", null));

        assertTrue(got.getContentType().startsWith("multipart/alternative"), got.getContentType());
        MimeMultipart parts = (MimeMultipart) got.getContent();
        assertEquals(2, parts.getCount());
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain") && text.getContentType().toUpperCase().contains("UTF-8"));
        assertTrue(html.isMimeType("text/html"));
        // mostly Chinese: base64; mostly markup: quoted-printable
        assertEquals("base64", text.getHeader("Content-Transfer-Encoding")[0]);
        assertEquals("quoted-printable", html.getHeader("Content-Transfer-Encoding")[0]);
        String textBody = (String) text.getContent();
        String htmlBody = (String) html.getContent();
        assertTrue(textBody.startsWith("李雷您好，全场五折，仅限今天。\r\n.只有一行以点开头"), textBody);
        assertTrue(htmlBody.contains("<p>李雷您好，<b>全场五折</b>，仅限今天。</p>"), htmlBody);
        String link = link(listUnsubscribe);
        assertTrue(textBody.contains("退订 Unsubscribe: " + link), "the text carries the link: " + textBody);
        assertTrue(htmlBody.contains("<a href=\"" + link.replace("&", "&amp;") + "\">"), htmlBody);
        assertTrue(htmlBody.indexOf("退订") < htmlBody.indexOf("</body>"), "the footer goes inside the body");
    }

    @Test
    void theRemarkPlaceholderAndHtmlEscapingKeepMarkupOutOfNames() throws Exception {
        start(ServerSetup.PROTOCOL_SMTP);
        platform.customer(ChannelIdentity.of(IdentityType.EMAIL, TO), "<script>x</script>", Map.of("remark", "王总"));
        adapter = new EmailAdapter(settings("news", greenMail.getSmtp().getPort(), EmailSettings.Security.NONE, null,
                null, false), platform, clock);

        adapter.send(message("remark-1", "news", TO, new MessageContent.Email("Hello {remark}",
                "<p>Dear {name} ({remark}) <a href=\"{unsubscribeUrl}\">leave</a></p>", null)));

        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        MimeMessage got = greenMail.getReceivedMessages()[0];
        assertEquals("Hello 王总", got.getSubject());
        MimeMultipart parts = (MimeMultipart) got.getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(html.contains("Dear &lt;script&gt;x&lt;/script&gt; (王总)"), html);
        assertFalse(html.contains("退订 Unsubscribe"), "a body that places the link gets no footer: " + html);
        String text = (String) parts.getBodyPart(0).getContent();
        assertTrue(text.startsWith("Dear <script>x</script> (王总) leave (https://crm.siyu.test/"), text);
    }

    @Test
    void theUnsubscribeLinkOfAMessageOptsTheCustomerOutAndLaterMessagesAreRefused() throws Exception {
        start(ServerSetup.PROTOCOL_SMTP);
        long customer = knownCustomer();
        adapter = new EmailAdapter(settings("news", greenMail.getSmtp().getPort(), EmailSettings.Security.NONE, null,
                null, false), platform, clock);
        adapter.send(message("promo-2", "news", TO, promotion()));
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        String link = link(greenMail.getReceivedMessages()[0].getHeader("List-Unsubscribe", ","));

        CallbackResponse page = adapter.inboundCallback().get().handle(request("GET", link, ""));

        assertEquals(200, page.status());
        assertEquals(CallbackResponse.HTML, page.contentType());
        assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("已退订"));
        List<Consent> consents = platform.consents.consents(null, customer);
        assertEquals(1, consents.size());
        assertEquals("email", consents.get(0).channelType());
        assertEquals(ConsentState.OPTED_OUT, consents.get(0).state());
        assertEquals("email/news:unsubscribe-link", consents.get(0).source());
        assertEquals(1, platform.events.ofType(EmailCallback.UNSUBSCRIBE_EVENT).size());

        SendResult again = adapter.send(message("promo-3", "news", TO, promotion()));
        SendResult.PermanentFailure refused = assertInstanceOf(SendResult.PermanentFailure.class, again);
        assertEquals("siyu.consent", refused.providerCode());
        Thread.sleep(200);
        assertEquals(1, greenMail.getReceivedMessages().length, "nothing more was sent");
    }

    @Test
    void oneClickPostUnsubscribesAnAddressSiyuDidNotKnowByCreatingItsProfile() throws Exception {
        adapter = new EmailAdapter(settings("news", 25, EmailSettings.Security.NONE, null, null, false), platform,
                clock);
        String link = adapter.unsubscribeUrl(0, "stranger@example.com");

        CallbackResponse done = adapter.inboundCallback().get().handle(request("POST", link,
                "List-Unsubscribe=One-Click"));

        assertEquals(200, done.status());
        Long created = platform.customerOf(ChannelIdentity.of(IdentityType.EMAIL, "stranger@example.com"));
        assertNotNull(created, "the unsubscribe event made a profile for the address");
        assertEquals(ConsentState.OPTED_OUT, platform.consents.consents(null, created).get(0).state());
    }

    @Test
    void forgedTamperedOrForeignUnsubscribeTokensAreRejectedAndChangeNothing() {
        adapter = new EmailAdapter(settings("news", 25, EmailSettings.Security.NONE, null, null, false), platform,
                clock);
        EmailAdapter other = new EmailAdapter(settings("shop", 25, EmailSettings.Security.NONE, null, null, false),
                platform, clock);
        String genuine = adapter.unsubscribeUrl(7, TO);
        String token = genuine.substring(genuine.indexOf("t=") + 2);
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("8:" + TO).getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
        for (String bad : List.of(genuine.replace("t=", "t=x"), genuine.substring(0, genuine.length() - 2) + "AA",
                genuine.replace(token, forgedPayload), other.unsubscribeUrl(7, TO).replace("/shop/", "/news/"),
                genuine.substring(0, genuine.indexOf("?")))) {
            CallbackRejected e = assertThrows(CallbackRejected.class,
                    () -> adapter.inboundCallback().get().handle(request("GET", bad, "")), bad);
            assertEquals(401, e.status());
        }
        assertTrue(platform.consents.recorded.isEmpty());
        assertTrue(platform.events.stored.isEmpty());
        other.stop(java.time.Duration.ZERO);
    }

    @Test
    void smtpsWithLoginDeliversAndAWrongPasswordTakesTheAccountDownWithTheReason() throws Exception {
        start(ServerSetup.PROTOCOL_SMTPS);
        int port = greenMail.getSmtps().getPort();
        adapter = new EmailAdapter(settings("news", port, EmailSettings.Security.SSL, FROM, PASSWORD, true), platform,
                clock);

        assertInstanceOf(SendResult.Accepted.class, adapter.send(message("tls-1", "news", TO, promotion())));
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        assertEquals("双十一 customer 1 专享：全场五折".replace("customer 1", ""),
                greenMail.getReceivedMessages()[0].getSubject(), "unknown addresses get an empty {name}");
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());

        EmailAdapter wrong = new EmailAdapter(settings("news", port, EmailSettings.Security.SSL, FROM, "not-it", true),
                platform, clock);
        SendResult refused = wrong.send(message("tls-2", "news", TO, promotion()));
        SendResult.TransientFailure t = assertInstanceOf(SendResult.TransientFailure.class, refused,
                "a wrong password is the account's set-up, not the message's: it waits");
        assertEquals("535", t.providerCode());
        ChannelHealth health = wrong.health();
        assertEquals(ChannelHealth.Status.DOWN, health.status());
        assertTrue(health.lastError().contains("login as " + FROM + " refused: 535"), health.lastError());
        assertFalse(health.lastError().contains("not-it"));
        wrong.stop(java.time.Duration.ZERO);
    }

    @Test
    void anUntrustedCertificateIsRefusedAndTheAccountIsDown() throws Exception {
        start(ServerSetup.PROTOCOL_SMTPS);
        adapter = new EmailAdapter(settings("news", greenMail.getSmtps().getPort(), EmailSettings.Security.SSL, FROM,
                PASSWORD, false), platform, clock);

        SendResult r = adapter.send(message("tls-3", "news", TO, promotion()));

        assertInstanceOf(SendResult.TransientFailure.class, r);
        assertEquals(ChannelHealth.Status.DOWN, adapter.health().status());
        assertTrue(adapter.health().lastError().contains("TLS handshake"), adapter.health().lastError());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void starttlsUpgradesTheConnectionBeforeTheLogin() throws Exception {
        start(ServerSetup.PROTOCOL_SMTP);
        try (StartTlsFront front = new StartTlsFront(greenMail.getSmtp().getPort(), "/smtp-server.p12")) {
            adapter = new EmailAdapter(settings("news", front.port(), EmailSettings.Security.STARTTLS, FROM, PASSWORD,
                    true), platform, clock);

            assertInstanceOf(SendResult.Accepted.class, adapter.send(message("starttls-1", "news", TO, promotion())));
            assertInstanceOf(SendResult.Accepted.class, adapter.send(message("starttls-2", "news", TO, promotion())));

            assertTrue(greenMail.waitForIncomingEmail(5000, 2));
            assertEquals(1, front.upgrades, "the second message reused the secured, logged-in connection");
        }
    }

    @Test
    void aPasswordTravelsOnlyOverTlsOrToThisMachine() throws Exception {
        java.net.InetAddress remote = java.net.InetAddress.getByName("192.0.2.1");
        assertFalse(SmtpSession.passwordMayTravel(EmailSettings.Security.NONE, remote));
        assertTrue(SmtpSession.passwordMayTravel(EmailSettings.Security.NONE, java.net.InetAddress.getLoopbackAddress()));
        assertTrue(SmtpSession.passwordMayTravel(EmailSettings.Security.STARTTLS, remote));
        assertTrue(SmtpSession.passwordMayTravel(EmailSettings.Security.SSL, remote));
    }

    @Test
    void eachRecipientsAnswerBecomesItsState() throws Exception {
        try (ScriptedSmtp server = new ScriptedSmtp(rcpt -> rcpt.startsWith("gone")
                ? "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown"
                : rcpt.startsWith("grey") ? "451 4.7.1 Greylisted, try again in 5 minutes" : "250 2.1.5 ok")) {
            adapter = new EmailAdapter(settings("news", server.port(), EmailSettings.Security.NONE, null, null, false),
                    platform, clock);

            SendResult gone = adapter.send(message("r-1", "news", "gone@example.com", promotion()));
            SendResult grey = adapter.send(message("r-2", "news", "grey@example.com", promotion()));
            SendResult fine = adapter.send(message("r-3", "news", "fine@example.com", promotion()));

            SendResult.PermanentFailure p = assertInstanceOf(SendResult.PermanentFailure.class, gone);
            assertEquals("550", p.providerCode());
            assertTrue(p.message().contains("5.1.1") && p.message().contains("User unknown"), p.message());
            SendResult.TransientFailure t = assertInstanceOf(SendResult.TransientFailure.class, grey);
            assertEquals("451", t.providerCode());
            assertInstanceOf(SendResult.Accepted.class, fine);
            assertEquals(1, server.messages);
            assertEquals(1, server.commands.stream().filter(c -> c.startsWith("EHLO")).count(),
                    "one connection served all three: refusals leave it usable");
        }
    }

    @Test
    void onlyEmailContentToEmailAddressesIsQueued() {
        adapter = new EmailAdapter(settings("news", 25, EmailSettings.Security.NONE, null, null, false), platform,
                clock);
        OutboundMessage text = new OutboundMessage("v-1", "email", "news", MessageKind.MASS,
                List.of(ChannelIdentity.of(IdentityType.EMAIL, "ok@example.com"),
                        ChannelIdentity.of(IdentityType.PHONE, "+8613800138000"),
                        ChannelIdentity.of(IdentityType.EMAIL, "no-at-sign"),
                        ChannelIdentity.of(IdentityType.EMAIL, "evil@example.com>\r\nRCPT TO:<x@y.z")),
                List.of(), MessageContent.Text.of("hi"), null, null, Map.of());

        List<FieldError> errors = adapter.validate(text);

        assertEquals(List.of("email", "recipients[1]", "recipients[2]", "recipients[3]"),
                errors.stream().map(FieldError::field).toList());
        assertTrue(adapter.validate(message("v-2", "news", TO, promotion())).isEmpty());
    }

    @Test
    void anRfc3464BounceFailsTheRecipientAndGoesOnTheTimeline() {
        adapter = new EmailAdapter(settings("news", 25, EmailSettings.Security.NONE, null, null, false), platform,
                clock);
        String dsn = String.join("\r\n", "From: MAILER-DAEMON@mx.example.com", "To: news@siyu.test",
                "Subject: Undelivered Mail Returned to Sender", "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B0UND\"", "",
                "--B0UND", "Content-Type: text/plain", "", "This is the mail system.", "",
                "--B0UND", "Content-Type: message/delivery-status", "",
                "Reporting-MTA: dns; mx.example.com", "Original-Envelope-Id: promo-9+23chunk", "",
                "Final-Recipient: rfc822; Gone@Example.com", "Action: failed", "Status: 5.1.1",
                "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.com>: User unknown", "",
                "--B0UND", "Content-Type: text/rfc822-headers", "",
                "Message-ID: <abc123.news@siyu.siyu.test>", "X-Siyu-Message-Key: promo-9", "Subject: x", "",
                "--B0UND--", "");

        CallbackResponse r = adapter.inboundCallback().get().handle(new CallbackRequest("POST", Map.of(),
                Map.of("Authorization", List.of("Bearer bounce-token-1"),
                        "Content-Type", List.of("multipart/report; report-type=delivery-status")),
                dsn.getBytes(StandardCharsets.UTF_8), "/bounce"));

        assertEquals(200, r.status());
        assertEquals("{\"recorded\":1,\"failed\":1}", new String(r.body(), StandardCharsets.UTF_8));
        DeliveryStatus failed = platform.reports.all().get(0);
        assertEquals("email/news", failed.channel());
        assertEquals("promo-9", failed.messageKey());
        assertEquals("abc123.news@siyu.siyu.test", failed.providerMessageId());
        assertEquals(ChannelIdentity.of(IdentityType.EMAIL, "gone@example.com"), failed.recipient());
        assertEquals(DeliveryState.FAILED, failed.state());
        assertEquals("5.1.1", failed.errorCode());
        assertTrue(failed.errorMessage().contains("User unknown"), failed.errorMessage());
        var event = platform.events.ofType(EmailCallback.BOUNCE_EVENT).get(0);
        assertEquals("hard", event.properties().get("bounce"));
        assertEquals(ChannelIdentity.of(IdentityType.EMAIL, "gone@example.com"), event.identity());
    }

    @Test
    void aJsonSoftBounceIsOnlyNotedAndAWrongTokenIsRejected() {
        adapter = new EmailAdapter(settings("news", 25, EmailSettings.Security.NONE, null, null, false), platform,
                clock);
        byte[] json = ("{\"bounces\":[{\"recipient\":\"full@example.com\",\"status\":\"4.2.2\",\"action\":\"delayed\","
                + "\"diagnostic\":\"mailbox full\",\"messageId\":\"<m1@siyu>\"}]}").getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"),
                "Authorization", List.of("Bearer wrong"));
        CallbackRejected e = assertThrows(CallbackRejected.class, () -> adapter.inboundCallback().get()
                .handle(new CallbackRequest("POST", Map.of(), headers, json, "/bounce")));
        assertEquals(401, e.status());
        assertTrue(platform.events.stored.isEmpty());

        CallbackResponse r = adapter.inboundCallback().get().handle(new CallbackRequest("POST", Map.of(),
                Map.of("Content-Type", List.of("application/json"), "Authorization", List.of("Bearer bounce-token-1")),
                json, "/bounce"));

        assertEquals("{\"recorded\":1,\"failed\":0}", new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(platform.reports.all().isEmpty(), "a soft bounce fails nothing");
        assertEquals("soft", platform.events.ofType(EmailCallback.BOUNCE_EVENT).get(0).properties().get("bounce"));
    }

    @Test
    void theBounceEndpointIsOffWithoutAToken() {
        EmailSettings s = settings("news", 25, EmailSettings.Security.NONE, null, null, false);
        EmailSettings noBounces = new EmailSettings(s.account(), s.host(), s.port(), s.security(), null, null,
                s.fromAddress(), null, null, null, null, s.unsubscribeKey(), "", 0, 1, null, null, "t", 1, 1);
        adapter = new EmailAdapter(noBounces, platform, clock);
        assertFalse(adapter.inboundCallback().get().acceptsPath("/bounce"));
        assertTrue(adapter.inboundCallback().get().acceptsPath("/unsubscribe"));
        assertFalse(adapter.inboundCallback().get().acceptsPath(""));
    }

    /** The link of a List-Unsubscribe header: the https one. */
    static String link(String listUnsubscribe) {
        int start = listUnsubscribe.indexOf("<https://") + 1;
        return listUnsubscribe.substring(start, listUnsubscribe.indexOf('>', start));
    }

    /** A request to the link as the servlet hands it over: the path below the account, the query decoded. */
    static CallbackRequest request(String method, String link, String body) {
        URI uri = URI.create(link);
        String path = uri.getPath();
        String below = path.substring(path.indexOf("/siyu/callback/email/") + "/siyu/callback/email/".length());
        below = below.contains("/") ? below.substring(below.indexOf('/')) : "";
        Map<String, List<String>> query = uri.getRawQuery() == null ? Map.of()
                : Map.of("t", List.of(java.net.URLDecoder.decode(uri.getRawQuery().substring(2), StandardCharsets.UTF_8)));
        return new CallbackRequest(method, query, Map.of(), body.getBytes(StandardCharsets.UTF_8), below);
    }
}
