// Commands that run once and exit parse each schema a few times at most: zod's compiled fast paths would cost more to build than
// they save, so these commands turn them off (the long-running console keeps them).
import * as z from '../../shared/zod.js';

z.config({ jitless: true });
