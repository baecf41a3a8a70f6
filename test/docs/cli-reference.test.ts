// docs/cli.md names every option of every command, as `--help` lists them; and the package
// ships what it says (no benchmarks, a LICENSE matching package.json).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { program } from "../../src/cli/main.js";

const ROOT = resolve(import.meta.dirname, "../..");
const reference = readFileSync(join(ROOT, "docs/cli.md"), "utf8");

const everything = await program();

describe("docs/cli.md", () => {
  for (const command of everything.commands) {
    it(`names every option of ${command.name()}`, () => {
      const section = reference.split("\n- ").find((s) => s.startsWith(`\`${command.name()}`));
      expect(section, `an options entry for ${command.name()}`).toBeDefined();
      for (const option of command.options) expect(section, `${command.name()} ${option.long}`).toContain(`\`${option.long}\``);
    });
  }
});

describe("the package", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  it("ships the library, the CLI, the WASM and the examples, not the benchmarks", () => {
    expect(pkg.files).toEqual(expect.arrayContaining(["dist/src", "dist/cli", "build/zipflab.wasm", "bin", "examples"]));
    for (const entry of pkg.files as string[]) expect(entry === "dist" || entry.startsWith("dist/bench")).toBe(false);
    expect(pkg.bin.zipflab).toBe("./bin/zipflab.js");
    expect(readFileSync(join(ROOT, "bin/zipflab.js"), "utf8")).toContain("../dist/cli/bundle/main.js");
  });
  it("has the LICENSE its package.json names", () => {
    expect(pkg.license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });
});
