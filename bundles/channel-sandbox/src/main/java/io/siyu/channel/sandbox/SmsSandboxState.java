package io.siyu.channel.sandbox;

import java.util.ArrayList;
import java.util.List;

/** What an SMS provider simulator keeps: every SMS it accepted, one entry per number. A Jackson bean. */
public final class SmsSandboxState {
    public List<Sms> sent = new ArrayList<>();
    public long sequence;

    /** One SMS to one number. */
    public static final class Sms {
        /** The provider's id for it: Tencent SerialNo, Aliyun BizId (shared by the numbers of one call). */
        public String id;
        /** E.164. */
        public String phone;
        public String signName;
        public String template;
        /** Tencent TemplateParamSet, or Aliyun TemplateParam as JSON text. */
        public List<String> params = new ArrayList<>();
        /** Tencent SessionContext, Aliyun OutId. */
        public String clientRef;
        public String at;
        /** Whether its status report was pushed. */
        public boolean reported;
    }
}
