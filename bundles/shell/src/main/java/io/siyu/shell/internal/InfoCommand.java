package io.siyu.shell.internal;

import io.siyu.api.system.Health;
import io.siyu.api.system.SystemService;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "info", description = "Shows Siyu's version, edition, store, channels and installed features")
@Service
public class InfoCommand implements Action {
    @Reference
    SystemService system;

    @Reference
    FeaturesService features;

    @Override
    public Object execute() throws Exception {
        Health h = system.health();
        String installed = Arrays.stream(features.listInstalledFeatures())
                .map(Feature::getName).filter(n -> n.startsWith("siyu-")).sorted()
                .collect(Collectors.joining(", "));
        System.out.println(Console.field("Status", h.status() + (h.reason() == null ? "" : " (" + h.reason() + ")")));
        System.out.println(Console.field("Version", h.version()));
        System.out.println(Console.field("Edition", h.edition() == null ? "none" : h.edition()));
        System.out.println(Console.field("Store", h.store() == null ? "none" : h.store()));
        System.out.println(Console.field("Channels", h.channels().isEmpty() ? "none" : String.join(", ", h.channels())));
        System.out.println(Console.field("Features", installed.isEmpty() ? "none" : installed));
        return null;
    }
}
