/** The IIFE build's entry: loading dist/heapcensus.iife.js installs `globalThis.heapcensus`. */
import { installConsole } from './installConsole.js';

installConsole();
