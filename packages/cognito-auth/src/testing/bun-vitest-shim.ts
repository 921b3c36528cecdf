// Preloaded by `bun test` (see runtimes.test.ts): Bun maps `vitest` imports to bun:test, whose
// `vi` lacks the clock and global stubs these tests use. This fills them in with Bun's own
// clock; only `Date` is ever faked here, as in the tests themselves.
import { setSystemTime, vi } from "bun:test";

const stubbed = new Map<string, unknown>();
Object.assign(vi, {
  setSystemTime: (now: number | Date) => setSystemTime(new Date(now)),
  useFakeTimers: (options: { now?: number | Date } = {}) => {
    setSystemTime(new Date(options.now ?? Date.now()));
    return vi;
  },
  useRealTimers: () => {
    setSystemTime();
    return vi;
  },
  stubGlobal: (name: string, value: unknown) => {
    if (!stubbed.has(name)) stubbed.set(name, (globalThis as Record<string, unknown>)[name]);
    (globalThis as Record<string, unknown>)[name] = value;
    return vi;
  },
  unstubAllGlobals: () => {
    for (const [name, value] of stubbed) (globalThis as Record<string, unknown>)[name] = value;
    stubbed.clear();
    return vi;
  },
});
