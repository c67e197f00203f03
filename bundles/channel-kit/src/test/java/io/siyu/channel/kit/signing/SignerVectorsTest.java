package io.siyu.channel.kit.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official vectors of channels.md §5, reproduced exactly. */
class SignerVectorsTest {
    private static final String PAYLOAD =
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";

    private static Tc3Signer.Signature tc3Vector() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "cvm.tencentcloudapi.com");
        headers.put("Content-Type", "application/json; charset=utf-8");
        return Tc3Signer.sign("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm",
                "POST", "", headers, PAYLOAD.getBytes(StandardCharsets.UTF_8), 1551113065L);
    }

    @Test
    void tc3ReproducesTheTencentCloudVectorStepByStep() {
        Tc3Signer.Signature s = tc3Vector();
        assertEquals("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", s.hashedPayload());
        assertEquals("POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n"
                + "content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
                s.canonicalRequest());
        assertEquals("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", s.hashedCanonicalRequest());
        assertEquals("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
                + "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", s.stringToSign());
        assertEquals("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", s.signature());
        assertEquals("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
                + "SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
                s.authorization());
    }

    @Test
    void tc3AuthorizationHeadersParseBackAndAnyChangedByteChangesTheSignature() {
        Tc3Signer.Claimed claimed = Tc3Signer.parse(tc3Vector().authorization());
        assertEquals(new Tc3Signer.Claimed("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "2019-02-25", "cvm",
                "content-type;host", "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"), claimed);
        assertNull(Tc3Signer.parse("HMAC-SHA1 foo"));
        Tc3Signer.Signature other = Tc3Signer.sign("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", "POST", "",
                Map.of("host", "cvm.tencentcloudapi.com", "content-type", "application/json; charset=utf-8"),
                PAYLOAD.replace("1,", "2,").getBytes(StandardCharsets.UTF_8), 1551113065L);
        assertNotEquals(tc3Vector().signature(), other.signature());
    }

    @Test
    void aliyunRpcReproducesTheEcsDescribeRegionsVector() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccessKeyId", "testid");
        params.put("Action", "DescribeRegions");
        params.put("Format", "XML");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", "2016-02-23T12:46:24Z");
        params.put("Version", "2014-05-26");
        assertEquals("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3D"
                + "HMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26"
                + "Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
                AliyunRpcSigner.stringToSign("GET", params));
        assertEquals("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AliyunRpcSigner.signature("testsecret", "GET", params));
        params.put("Signature", "ignored");
        assertEquals("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AliyunRpcSigner.signature("testsecret", "GET", params),
                "the Signature parameter itself is never signed");
    }

    @Test
    void aliyunPercentEncodingFollowsRfc3986() {
        assertEquals("a%20b%2Ac~d-e_f.g%2F%E4%BD%A0", AliyunRpcSigner.percentEncode("a b*c~d-e_f.g/你"));
    }
}
