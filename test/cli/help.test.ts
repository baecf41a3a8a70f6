// Every command's --help ends with examples, and `run --help` shows each problem's defaults.
import { describe, expect, it } from "vitest";
import { program } from "../../src/cli/main.js";
import { PROBLEM_NAMES } from "../../src/problems/registry.js";
import { cli } from "../helpers/cli.js";

describe("--help of every command", () => {
  it.each(program().commands.map((c) => c.name()))("%s --help shows at least one example", async (name) => {
    const { out, code } = await cli(name, "--help");
    expect(code).toBe(0);
    expect(out).toMatch(/Examples?:/i);
    expect(out).toMatch(new RegExp(`zipflab ${name}\\b`));
  });

  it("run --help lists the defaults of every registered problem", async () => {
    const { out } = await cli("run", "--help");
    for (const name of PROBLEM_NAMES) expect(out).toMatch(new RegExp(`^  ${name} +\\S+=`, "m"));
    expect(out).toMatch(/^ {2}bigram-softmax +d=1000 alpha=1/m);
  });
});
