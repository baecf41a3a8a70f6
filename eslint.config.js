// Lint for the TypeScript side (src, bench, test). The AssemblyScript kernels are checked by
// the compiler itself (`npm run typecheck` runs asc --noEmit): they are not plain TypeScript.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "build/**", "out/**", "node_modules/**", "assembly/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        performance: "readonly",
        URL: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setImmediate: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        Buffer: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  // TypeScript itself reports undefined names (typescript-eslint's advice: no-undef off for .ts).
  { files: ["**/*.ts"], rules: { "no-undef": "off" } },
  // Type-aware rules for async code: a promise nobody awaits loses its error (an unhandled
  // rejection, or a failure reported after the command "succeeded"); a promise handed where a
  // void callback is expected (an event listener, forEach) is never awaited either.
  {
    files: ["src/**/*.ts", "bench/**/*.ts", "test/**/*.ts", "web/**/*.ts"],
    languageOptions: { parserOptions: { project: ["./tsconfig.test.json"], tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  // Code that page.evaluate runs in the browser.
  { files: ["bench/web-*.mjs"], languageOptions: { globals: { document: "readonly", window: "readonly" } } },
);
