// The built pmem-console command's entry point (out/cli/pmem-console.cjs): runs the CLI and exits with its code.
import { main } from './main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
