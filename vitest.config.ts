import { defineConfig, type Plugin } from 'vitest/config';
import ts6 from '@typescript/typescript6';

/**
 * Oxc lowers only legacy decorators, so the standard-decorator project transpiles
 * TypeScript itself with the TS 6 API (target ES2022: decorators lowered, the rest kept),
 * and the report's .tsx as its tsconfig says (Preact's automatic JSX runtime).
 */
function standardDecorators(): Plugin {
  return {
    name: 'heapcensus:standard-decorators',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.tsx?$/.test(id) || id.includes('/node_modules/')) return null;
      const out = ts6.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts6.ScriptTarget.ES2022,
          module: ts6.ModuleKind.ESNext,
          experimentalDecorators: false,
          useDefineForClassFields: true,
          sourceMap: true,
          inlineSources: true,
          ...(id.endsWith('.tsx') ? { jsx: ts6.JsxEmit.ReactJSX, jsxImportSource: 'preact' } : {}),
        },
      });
      return { code: out.outputText, map: out.sourceMapText ? JSON.parse(out.sourceMapText) : null };
    },
  };
}

const shared = {
  include: ['test/unit/**/*.test.ts'],
  setupFiles: ['test/setup/fuzzSeed.ts'],
  pool: 'forks' as const,
  execArgv: ['--expose-gc'],
  // Limits only stop a hung test; they are far above any test's time on a fully busy machine,
  // so that no outcome depends on the machine's speed. No retries either: a flaky test is a bug.
  testTimeout: 600_000,
  hookTimeout: 600_000,
  retry: 0,
};

export default defineConfig({
  test: {
    projects: [
      {
        oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
        test: { ...shared, name: 'legacy', env: { HEAPCENSUS_DECORATORS: 'legacy' } },
      },
      {
        plugins: [standardDecorators()],
        oxc: false,
        test: { ...shared, name: 'standard', env: { HEAPCENSUS_DECORATORS: 'standard' } },
      },
      {
        // Real Chromium through playwright-core, driven from Node; pages are built from dist.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          retry: 0,
        },
      },
    ],
  },
});
