import { defineConfig } from 'vite';

// The console is served by the siyu-console bundle from its class path (console/ inside the jar) at
// /siyu/console/: relative asset URLs, no CDN, everything bundled at build time.
export default defineConfig({
  root: 'web',
  base: './',
  build: {
    outDir: '../target/classes/console',
    emptyOutDir: true,
    // ECharts is the one big dependency; it is tree-shaken to the charts the dashboard uses.
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  server: {
    // `npm run dev` against a node started with ./siyu run (or the one SIYU_URL names)
    proxy: { '/siyu/api': process.env.SIYU_URL ?? 'http://localhost:8181' },
  },
  preview: {
    proxy: { '/siyu/api': process.env.SIYU_URL ?? 'http://localhost:8181' },
  },
});
