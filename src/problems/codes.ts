// Problem codes: declared once in src/layout/blocks.mjs (ENUMS.ProblemCode).
export { ProblemCode } from "../layout/generated.js";
