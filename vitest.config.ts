import { defineConfig } from "vitest/config";

// One run for the whole tree. Test files that bind the registered local ports (3000, 5000, 8000,
// 8050) live in tests/ and must not overlap, so files run one after another; the unit suites are
// small enough that this costs little on a 2-core machine.
export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.{ts,tsx}",
      "mock-idp/src/**/*.test.ts",
      "tests/**/*.test.ts",
      "bench/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/.sst/**"],
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
