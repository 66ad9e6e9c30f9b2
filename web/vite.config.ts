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
    // The one chunk above Vite's default of 500 kB is the German Wikipedia word list of the password
    // meter (about 680 kB), fetched only when someone types a new password.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Libraries change less often than the app: separate chunks stay cached across releases.
      // The password-strength estimator with its dictionaries (about 1.3 MB) is only loaded with
      // import() on pages that set a password; its largest word lists get chunks of their own.
      output: {
        codeSplitting: {
          groups: [
            { name: 'zxcvbn-de-wikipedia', test: /@zxcvbn-ts[\\/]language-de[\\/]dist[\\/]wikipedia/, priority: 3 },
            { name: 'zxcvbn-passwords', test: /@zxcvbn-ts[\\/]language-common[\\/]dist[\\/]passwords/, priority: 3 },
            { name: 'zxcvbn', test: /node_modules[\\/](@zxcvbn-ts|fastest-levenshtein)[\\/]/, priority: 2 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 1 },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': proxy, '/dev': proxy, '/healthz': proxy },
  },
});
