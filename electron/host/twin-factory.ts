// The simulated twin a plan's prediction runs on: a sim started from the topology just read.
import type { Topology } from '../../shared/model/index.js';
import type { Host } from './host.js';
import { SimHost } from './sim/index.js';
import { twinFromTopology } from './sim/twin.js';

/** Predictions run on a simulated twin of the machine being planned for. */
export function simTwin(t: Topology): Host {
  return new SimHost({ state: twinFromTopology(t, 'prediction'), adopt: true });
}
