// Checks the desktop packaging tools are installed before electron-builder runs: on a Node older than Electron 45 and
// electron-builder ask (22.12), npm install leaves them out (.npmrc engine-strict), and this says so in one line.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const missing = ['electron', 'electron-builder'].filter((name) => {
  try {
    require.resolve(`${name}/package.json`);
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) {
  process.stderr.write(`package:desktop: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed: they need Node 22.12 or later (this is Node ${process.versions.node}); run npm install on such a Node, then npm run package:desktop\n`);
  process.exit(1);
}
