#!/usr/bin/env node
// The benchmark runs its TypeScript sources directly through tsx, like bin/redress.js.
import { register } from 'tsx/esm/api';

register();
await import('../bench/index.ts');
