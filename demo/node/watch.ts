/**
 * Watch mode for the build model: each rebuild makes an Executor for the changed file and has it
 * listen for progress events on the session's long-lived event bus. The original code never
 * removes that listener, so every rebuild leaks an Executor (and what it holds); `fixed: true`
 * removes it when the build ends. test/unit/demoLeak.test.ts catches the leak with findLeaks.
 */
import { EventEmitter } from 'node:events';
import type { BuildModel } from './buildModel.js';

/** A watch session: the directory tree and the event bus live as long as the session. */
export interface WatchSession {
  /** Rebuilds one changed source file; resolves when its build ended. */
  rebuild(file: string): Promise<void>;
  /** Progress events: each running executor reports here. */
  readonly events: EventEmitter;
}

/** Starts a watch session over `model`; `fixed` removes each build's listener when it ends. */
export function watchSession(model: BuildModel, options: { fixed: boolean }): WatchSession {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const top = new model.Dir('#', null);
  const build = new model.Dir('build', top);
  top.addChild(build);
  return {
    events,
    async rebuild(file: string): Promise<void> {
      const src = new model.File(file, top);
      const obj = new model.File(file.replace(/\.c$/, '.o'), build);
      obj.addSource(src);
      const executor = new model.Executor('$CC -c -o $TARGET $SOURCES', [obj], [src]);
      let lines = 0;
      const onProgress = (line: string): void => {
        lines += line.length > 0 ? 1 : 0;
        obj.setExecutor(executor);
      };
      events.on('progress', onProgress);
      await new Promise((resolve) => setImmediate(resolve));
      events.emit('progress', `compiled ${file}`);
      obj.markBuilt(`${file}:${lines}`);
      // The leak: the original never removes its listener, which holds the executor and its nodes.
      if (options.fixed) events.off('progress', onProgress);
    },
  };
}

