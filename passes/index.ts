// Registers every pass; the registry is built once at start-up.
import { PassRegistry } from '../src/pass/registry.js';
import { canonicalize } from './canonicalize.js';
import { dce } from './dce.js';

export const passRegistry: PassRegistry = new PassRegistry([canonicalize, dce]);
