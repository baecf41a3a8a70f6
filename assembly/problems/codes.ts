// Problem codes: the TS side (src/problems/codes.ts) uses the same numbers.
export const enum ProblemCode {
  Tokens = 1,
  Quadratic = 2,
  BigramSquare = 3,
  LinearSoftmax = 4,
  BigramSoftmax = 5,
  BigramSquareCounts = 6,
}
