// The built pmem-console command's entry point (out/cli/pmem-console.cjs): runs the CLI and exits with its code.
import { main } from './main.js';

// The command has finished when main returns; what may still be pending then is a step the person chose to stop waiting for,
// left to finish on its own, which must not keep the command from exiting. It exits once all it printed has been written out.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
