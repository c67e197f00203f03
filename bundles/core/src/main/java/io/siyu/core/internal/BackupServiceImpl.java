package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.backup.BackupProgress;
import io.siyu.api.backup.BackupService;
import io.siyu.api.backup.BackupSummary;
import io.siyu.store.Store;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Full backup and restore over the store. A restore logs every restored customer in the change log,
 * so the segment indexes of all running nodes load them without a restart.
 */
@Component(service = BackupService.class)
public final class BackupServiceImpl implements BackupService {
    private final Store store;
    private final String siyuVersion;
    private final Clock clock;

    @Activate
    public BackupServiceImpl(BundleContext context, @Reference Store store) {
        this(store, versionOf(context), Clock.systemUTC());
    }

    BackupServiceImpl(Store store, String siyuVersion, Clock clock) {
        this.store = store;
        this.siyuVersion = siyuVersion;
        this.clock = clock;
    }

    private static String versionOf(BundleContext context) {
        String v = context.getBundle().getHeaders("").get("Siyu-Version");
        return v != null ? v : context.getBundle().getVersion().toString();
    }

    /** Millisecond precision: what every supported database stores, so reads equal writes. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public BackupSummary export(OutputStream out, BackupProgress progress) {
        return store.backup().export(required(out, "out"), siyuVersion, now(), progressOrNone(progress));
    }

    @Override
    public BackupSummary restore(InputStream in, BackupProgress progress) {
        if (in == null) {
            throw new ValidationException(FieldError.of("archive", "is required: send the zip written by a backup"));
        }
        return store.backup().restore(in, now(), progressOrNone(progress));
    }

    private static BackupProgress progressOrNone(BackupProgress progress) {
        return progress == null ? BackupProgress.NONE : progress;
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
