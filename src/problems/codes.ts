// Problem codes, as in assembly/problems/codes.ts.
export const enum ProblemCode {
  Tokens = 1,
}
