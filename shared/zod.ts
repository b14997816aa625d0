// zod's small build (zod/mini: functions instead of methods, so a bundle holds only what is used), with its English messages.
// Every schema in the console comes from here (import * as z from '.../zod.js'): the model, the API contract, tool output, files.
// Its exports are re-exported one by one, never as one namespace value, so a bundler can still leave out what is not used.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
