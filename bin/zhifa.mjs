#!/usr/bin/env node
// Entry point for `npx zhifa` and the npm scripts: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api'
register()
await import('../src/cli/main.ts')
