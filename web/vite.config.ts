import { defineConfig } from 'vitest/config';

// The Java dashboard server serves the built files at "/" and the API, /ws, /login,
// /logout and /health on the same origin, so asset URLs are absolute from the root.
export default defineConfig({
  base: '/',
  build: {
    // The build script passes --outDir target/classes/webroot; keep it here too so a
    // plain `vite build` lands in the same place.
    outDir: 'target/classes/webroot',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // ECharts alone is ~400 kB even when tree-shaken; it sits in its own chunk.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks: {
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  server: {
    // For `npx vite` during development against a locally running dashboard server
    // (./sla up). The server checks the websocket's Origin, so the proxy presents its own.
    proxy: {
      '/api': 'http://localhost:8080',
      '/login': 'http://localhost:8080',
      '/logout': 'http://localhost:8080',
      '/health': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true, headers: { Origin: 'http://localhost:8080' } },
    },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
