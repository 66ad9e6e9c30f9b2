// Vite build of the customer portal SPA. The server serves dist/web and falls back to index.html.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = 'http://localhost:3000';
// changeOrigin: false keeps the Host header, so the server resolves the tenant from it.
const proxy = { target: apiTarget, changeOrigin: false };

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      // Libraries change less often than the app: a separate chunk stays cached across releases.
      output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } },
    },
  },
  server: {
    proxy: { '/api': proxy, '/dev': proxy, '/healthz': proxy },
  },
});
