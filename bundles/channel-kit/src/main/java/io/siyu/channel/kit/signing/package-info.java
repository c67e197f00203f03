/**
 * Request signatures of the SMS providers' APIs (Tencent Cloud TC3-HMAC-SHA256, Aliyun RPC
 * HMAC-SHA1), for the adapters that sign and the sandbox that checks. Its own package, depending on
 * the JDK only, so the sandbox copies it without the rest of the SMS support.
 *
 * <p>Without {@code @Version}, like the rest of the kit: copied into each bundle, never exported.
 */
package io.siyu.channel.kit.signing;
