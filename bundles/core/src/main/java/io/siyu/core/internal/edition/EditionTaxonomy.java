package io.siyu.core.internal.edition;

import io.siyu.api.customer.TagService;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.org.Caller;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Creates the tag groups and enterprise tags of each edition that starts (and, when the tag service
 * arrives after the edition, of those already active), off the thread that started the bundle.
 */
@Component(immediate = true)
public final class EditionTaxonomy {
    private static final Logger LOG = Logger.getLogger(EditionTaxonomy.class.getName());

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "siyu-edition-tags");
        t.setDaemon(true);
        return t;
    });
    private final AutoCloseable watch;

    @Activate
    public EditionTaxonomy(@Reference ActiveEditions editions, @Reference TagService tags) {
        EditionTags ensure = new EditionTags(tags, Caller.SYSTEM);
        watch = editions.watch(edition -> worker.execute(() -> ensure(ensure, edition)));
    }

    private static void ensure(EditionTags tags, EditionContent edition) {
        try {
            int created = tags.ensure(edition);
            if (created > 0) {
                LOG.info(() -> "Siyu edition '" + edition.editionId() + "': created " + created
                        + " tag groups and tags of its taxonomy");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Siyu edition '" + edition.editionId() + "': its tag taxonomy could not be created"
                    + " now (it is tried again when the edition or the tag service restarts)", e);
        }
    }

    @Deactivate
    void close() throws Exception {
        watch.close();
        worker.shutdown();
    }
}
