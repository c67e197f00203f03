package io.siyu.channel.kit;

/** The official test vectors of channels.md §1. */
final class Vectors {
    private Vectors() {
    }

    // A. WeCom official sample
    static final String A_TOKEN = "QDG6eK";
    static final String A_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String A_CORPID = "wx5823bf96d3bd56c7";

    static final String A_URL_SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
    static final String A_URL_TIMESTAMP = "1409659589";
    static final String A_URL_NONCE = "263014780";
    static final String A_ECHOSTR =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    static final String A_ECHO_PLAIN = "1616140317555161061";

    static final String A_MSG_SIGNATURE = "477715d11cdb4164915debcba66cb864d751f3e6";
    static final String A_MSG_TIMESTAMP = "1409659813";
    static final String A_MSG_NONCE = "1372623149";
    static final String A_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    static final String A_BODY = "<xml><ToUserName><![CDATA[" + A_CORPID + "]]></ToUserName><Encrypt><![CDATA["
            + A_ENCRYPT + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";

    // C. Deterministic encryption (Official Account)
    static final String C_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String C_APPID = "wxb11529c136998cb6";
    static final String C_RANDOM = "aaaabbbbccccdddd";
    static final String C_MESSAGE = "我是中文abcd123";
    static final String C_ENCRYPTED =
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

    // P. Plain signature
    static final String P_TOKEN = "test";
    static final String P_TIMESTAMP = "1410685589";
    static final String P_NONCE = "test";
    static final String P_SIGNATURE = "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff";
}
