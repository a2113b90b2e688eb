import path from 'node:path'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Served by the Fastify app at /app/ (src/platform/http/workbench-static.ts); the API
// is on the same origin, so the dev server proxies /api to a running `npm start`.
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/workbench'),
    emptyOutDir: true,
    // antd + React form one vendor chunk of about 1 MB before compression
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
})
