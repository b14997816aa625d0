// zod's small build (zod/mini: functions instead of methods, so a bundle holds only what is used), with its English messages.
// Every schema in the console comes from here: the model, the API contract, tool output, saved files.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };
