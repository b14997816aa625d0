// The built pmem-console command's entry point (out/cli/pmem-console.cjs): runs the CLI and exits with its code.
import { main } from './main.js';

// The command has finished when main returns; what may still be pending then is a step the person chose to stop waiting for,
// left to finish on its own, which must not keep the command from exiting. (Output to pipes, files and terminals is written
// synchronously on Linux, so nothing printed is lost.)
void main(process.argv.slice(2)).then((code) => process.exit(code));
