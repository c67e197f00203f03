/**
 * What the SMS adapters (Tencent Cloud, Aliyun) share: phone numbers, client-side rate limiting,
 * opt-out keywords, the callback secret, the recording of replies and status reports, recipients
 * split into mainland and international calls with the outbox summary
 * ({@link io.siyu.channel.kit.sms.SmsRecipients}), and the health report
 * ({@link io.siyu.channel.kit.sms.SmsHealth}). The providers' request signatures are in
 * {@code io.siyu.channel.kit.signing}.
 *
 * <p>Without {@code @Version}, like the rest of the kit: copied into each bundle, never exported.
 */
package io.siyu.channel.kit.sms;
