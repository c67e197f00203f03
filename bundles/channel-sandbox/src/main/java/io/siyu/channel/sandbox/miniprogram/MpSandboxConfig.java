package io.siyu.channel.sandbox.miniprogram;

import java.nio.file.Path;
import java.util.List;

/**
 * The simulated mini program: its credentials and what {@code subscribe/send} knows.
 *
 * @param templateIds the subscribe-message templates of the mini program; empty accepts any non-empty id
 * @param pages the pages a message may open (app.json); empty accepts any
 * @param stateFile where the state is kept across restarts; null keeps it in memory only
 */
public record MpSandboxConfig(String appId, String appSecret, long tokenTtlSeconds, int callsPerMinute,
        List<String> templateIds, List<String> pages, Path stateFile) {
    public static final String DEFAULT_APP_ID = "wxsandboxmp0000001";
    /** 32 characters, like a real AppSecret; a secret of another length answers 40125. */
    public static final String DEFAULT_APP_SECRET = "6b5e2d3c4f5a7b8091a2b3c4d5e6f708";
    public static final long DEFAULT_TOKEN_TTL_SECONDS = 7200;
    public static final int DEFAULT_CALLS_PER_MINUTE = 10_000;

    public MpSandboxConfig {
        if (appId == null || appId.isBlank() || appSecret == null || appSecret.isBlank()) {
            throw new IllegalArgumentException("appId and appSecret are required");
        }
        if (tokenTtlSeconds < 1 || callsPerMinute < 1) {
            throw new IllegalArgumentException("tokenTtlSeconds and callsPerMinute must be positive");
        }
        templateIds = clean(templateIds);
        pages = clean(pages);
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    public static MpSandboxConfig defaults() {
        return new MpSandboxConfig(DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TOKEN_TTL_SECONDS,
                DEFAULT_CALLS_PER_MINUTE, List.of(), List.of(), null);
    }

    public MpSandboxConfig withTemplateIds(List<String> ids) {
        return new MpSandboxConfig(appId, appSecret, tokenTtlSeconds, callsPerMinute, ids, pages, stateFile);
    }

    public MpSandboxConfig withPages(List<String> p) {
        return new MpSandboxConfig(appId, appSecret, tokenTtlSeconds, callsPerMinute, templateIds, p, stateFile);
    }

    public MpSandboxConfig withTokenTtlSeconds(long seconds) {
        return new MpSandboxConfig(appId, appSecret, seconds, callsPerMinute, templateIds, pages, stateFile);
    }
}
