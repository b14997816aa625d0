#!/usr/bin/env node
// The privileged helper, started by pkexec: runs one checked plan on this machine (see electron/actions/elevation/helper.ts).
import { register } from 'tsx/esm/api';

register();
const { serveHelper } = await import('../electron/actions/elevation/helper.ts');
const { LocalHost } = await import('../electron/host/local/index.ts');
await serveHelper(process.stdin, process.stdout, new LocalHost());
