package io.siyu.rest.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Context class loader for Jersey's start: classes and resources come from the REST bundle first,
 * then from Jersey's HK2 integration, whose META-INF/services names the injection manager.
 */
final class JerseyClassLoader extends ClassLoader {
    private final ClassLoader hk2;

    JerseyClassLoader(ClassLoader bundle, ClassLoader hk2) {
        super(bundle);
        this.hk2 = hk2;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return hk2.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        return hk2.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>(Collections.list(hk2.getResources(name)));
        return Collections.enumeration(urls);
    }
}
