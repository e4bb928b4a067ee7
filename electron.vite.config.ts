import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // keytar is an optional dependency (it needs libsecret to build); it must stay an external require.
      externalizeDeps: { include: ['keytar'] },
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          cli: resolve(__dirname, 'src/cli/main.ts'),
          'engine-worker': resolve(__dirname, 'src/engine/worker/entry.ts'),
          'parallel-worker': resolve(__dirname, 'src/engine/worker/parallel-worker.ts'),
          'writer-worker': resolve(__dirname, 'src/main/storage/writer-worker.ts'),
          'transfer-worker': resolve(__dirname, 'src/main/storage/transfer-worker.ts'),
          'analysis-reader-worker': resolve(__dirname, 'src/main/services/analysis/sample-reader-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rolldownOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
