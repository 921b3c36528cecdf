/**
 * The cold start's comparison with the bare handler, sample by sample (measure.ts): a slow moment
 * of the machine that falls on one turn moves that pair, not the verdict.
 */
import { describe, expect, it } from "vitest";
import {
  type ColdStartResult,
  interquartileText,
  pairedWithBare,
  vsBareAddedMs,
  vsBareRatio,
} from "./measure.ts";

describe("pairedWithBare", () => {
  it("takes the medians of the per-turn ratios and differences", () => {
    const paired = pairedWithBare([110, 120, 130, 125], [100, 100, 100, 100]);
    expect(paired.medianRatio).toBeCloseTo(1.225);
    expect(paired.medianAddedMs).toBeCloseTo(22.5);
    // Nearest rank, as every percentile of the bench: values that were measured.
    expect(paired.q1Ratio).toBeCloseTo(1.1);
    expect(paired.q3Ratio).toBeCloseTo(1.25);
  });

  it("is not moved by a slow stretch that falls on both sides of its turns", () => {
    // The bare handler's median is pulled down by three fast turns the scenario never saw;
    // turn by turn the scenario is 1.2x throughout.
    const bare = [100, 100, 100, 80, 80, 80, 120];
    const scenario = bare.map((ms) => ms * 1.2);
    expect(pairedWithBare(scenario, bare).medianRatio).toBeCloseTo(1.2);
    // Unpaired, shifting the scenario's slow turns against the bare's fast ones moves it.
    const shifted = [...scenario.slice(3), ...scenario.slice(0, 3)];
    expect(pairedWithBare(shifted, bare).medianRatio).not.toBeCloseTo(1.2);
  });

  it("refuses samples that do not pair", () => {
    expect(() => pairedWithBare([1, 2], [1])).toThrow(/cannot pair 2 samples with 1/);
    expect(() => pairedWithBare([], [])).toThrow(/cannot pair/);
  });
});

describe("vsBareRatio and vsBareAddedMs", () => {
  const result = (medianMs: number, vsBare?: ColdStartResult["vsBare"]) =>
    ({ medianMs, ...(vsBare ? { vsBare } : {}) }) as ColdStartResult;

  it("read the paired comparison when there is one", () => {
    const bare = result(100);
    const returning = result(130, {
      medianRatio: 1.26,
      q1Ratio: 1.2,
      q3Ratio: 1.31,
      medianAddedMs: 24,
    });
    expect(vsBareRatio(returning, bare)).toBe(1.26);
    expect(vsBareAddedMs(returning, bare)).toBe(24);
    expect(interquartileText(returning)).toBe(" (interquartile 1.20–1.31)");
  });

  it("fall back to the medians for results saved before the pairing", () => {
    const bare = result(100);
    const returning = result(130);
    expect(vsBareRatio(returning, bare)).toBeCloseTo(1.3);
    expect(vsBareAddedMs(returning, bare)).toBe(30);
    expect(interquartileText(returning)).toBe("");
  });
});
