import { describe, expect, it } from "vitest";
import { resolveTokensConfig } from "../../src/experiments/tokens/config.js";
import { ConfigError } from "../../src/config/error.js";

function fieldOf(input: Record<string, unknown>): string {
  try {
    resolveTokensConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).field + " :: " + (e as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("six-token config validation", () => {
  it("defaults are phenomenon 1", () => {
    const c = resolveTokensConfig();
    expect(c.tokens.map((t) => t.frequency)).toEqual([0.95, 0.6, 0.2, 0.05, 0.005, 0.001]);
    expect(c.tokens.map((t) => t.name)).toEqual(["the", "model", "embedding", "tokenization", "xenobiotic", "thalweg"]);
    expect([c.batch, c.steps, c.lr, c.noise]).toEqual([32, 3000, 0.05, 0.1]);
    expect(c.optimizers.map((o) => o.name)).toEqual(["sgd", "adam"]);
    expect(c.optimizers[1]).toMatchObject({ lr: 0.05, b1: 0.9, b2: 0.999, eps: 1e-8 });
  });

  it("the defaults are validated once but every call gets its own copy", () => {
    const a = resolveTokensConfig();
    a.tokens[0].frequency = 0.5;
    a.optimizers[1].b1 = 0;
    a.steps = 7;
    const b = resolveTokensConfig({});
    expect(b.tokens[0].frequency).toBe(0.95);
    expect(b.optimizers[1].b1).toBe(0.9);
    expect(b.steps).toBe(3000);
    expect(b).toEqual(resolveTokensConfig({ steps: 3000 }));
  });

  it.each([
    [{ lr: 0 }, /^lr :: lr: .*\(0, ∞\).*got 0/],
    [{ lr: -1 }, /^lr :: /],
    [{ lr: NaN }, /^lr :: .*got NaN/],
    [{ batch: 0 }, /^batch :: .*integer in \[1, /],
    [{ steps: 10.5 }, /^steps :: .*integer/],
    [{ seed: -3 }, /^seed :: /],
    [{ noise: -0.1 }, /^noise :: /],
    [{ tokens: [{ name: "a", frequency: 1.5, trueWeight: 1 }] }, /^tokens\[0\]\.frequency :: .*\[0, 1\]/],
    [{ tokens: [{ name: "a", frequency: -0.1, trueWeight: 1 }] }, /^tokens\[0\]\.frequency :: /],
    [{ tokens: [] }, /^tokens :: .*at least one/],
    [{ optimizers: ["adamx"] }, /^optimizers\[0\]\.name :: .*unknown optimizer "adamx" \(one of: sgd/],
    [{ optimizers: [{ name: "adam", b2: 1 }] }, /^optimizers\[0\]\.b2 :: .*\[0, 1\)/],
    [{ optimizers: [{ name: "sgd", b1: 0.9 }] }, /^optimizers\[0\]\.b1 :: .*unknown field/],
    [{ record: "sometimes" }, /^record :: .*every:K or log:N/],
    [{ bogus: 1 }, /^bogus :: .*unknown field/],
  ])("%j is rejected naming the field", (input, pattern) => {
    expect(fieldOf(input)).toMatch(pattern);
  });
});
