import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The console's build: React's JSX through Vite's own transform (no plugin needed), the typed API
 * client from libs/api-client, output to dist/console-web where the console's server reads it.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  resolve: {
    alias: {
      '@loyalty/api-client': here('../../../libs/api-client/src/index.ts'),
      // Who may do what, as the apps decide it: the console only hides what the API would refuse.
      '@loyalty/domain/staff': here('../../../libs/domain/src/staff/staff.ts'),
      // The events a webhook may subscribe to, as the ledger writes them.
      '@loyalty/domain/ledger-events': here('../../../libs/domain/src/ledger/ledger-events.ts'),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../../dist/console-web'),
    emptyOutDir: true,
    sourcemap: true,
    // The budget is checked by `npm run bench:console`, with figures; this only keeps the noise down.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // TanStack Router marks its modules "use client" for React Server Components; a plain
      // single-page bundle has no server components, so the directive means nothing here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
