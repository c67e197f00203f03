/**
 * What the SMS adapters (Tencent Cloud, Aliyun) share: phone numbers, client-side rate limiting,
 * opt-out keywords, the callback secret, and the recording of replies and status reports. The
 * providers' request signatures are in {@code io.siyu.channel.kit.signing}.
 *
 * <p>Without {@code @Version}, like the rest of the kit: copied into each bundle, never exported.
 */
package io.siyu.channel.kit.sms;
