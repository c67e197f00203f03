/**
 * What the WeCom and WeChat Official Account adapters (and the provider sandbox) share: the
 * callback crypto ({@link io.siyu.channel.kit.WxCrypto}), XML without DTDs
 * ({@link io.siyu.channel.kit.SafeXml}), the checks every callback needs
 * ({@link io.siyu.channel.kit.CallbackGuard}), a JSON client for the provider APIs
 * ({@link io.siyu.channel.kit.WxApiClient}), the access-token cache
 * ({@link io.siyu.channel.kit.AccessTokens}) and the error classification
 * ({@link io.siyu.channel.kit.ProviderErrors}).
 *
 * <p>Deliberately without {@code @Version}: the package is not exported. Each adapter copies it with
 * bnd {@code -conditionalpackage: io.siyu.channel.kit.*}, so adapters never share a kit bundle and
 * each stays hot-swappable alone.
 */
package io.siyu.channel.kit;
