/**
 * What the SMS adapters (Tencent Cloud, Aliyun) and their simulators share: the providers' request
 * signatures (TC3-HMAC-SHA256, Aliyun RPC HMAC-SHA1), phone numbers, client-side rate limiting,
 * opt-out keywords, and the recording of replies and status reports.
 *
 * <p>Without {@code @Version}, like the rest of the kit: copied into each bundle, never exported.
 */
package io.siyu.channel.kit.sms;
