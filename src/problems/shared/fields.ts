// Config fields shared by several problems (zod, with messages that list the allowed values).
import { z } from "zod";

/** Per-class loss weight ω_k: 1, 1/π_k or 1/√π_k (L = Σ ω_y ℓ / Σ ω_y). */
export const reweightField = () => z.enum(["none", "inverse", "inverse-sqrt"], { error: 'must be "none", "inverse" or "inverse-sqrt"' });

/** Samples per step, or "full" for the exact loss. */
export const batchField = () =>
  z
    .unknown()
    .refine((b) => b === "full" || (Number.isInteger(b) && (b as number) >= 1), { message: 'must be "full" or a positive integer' });

/** Whether a problem config computes the exact (full-batch) gradient: no batch field, or batch "full". */
export function isFullBatch(config: Record<string, unknown>): boolean {
  return config.batch === undefined || config.batch === "full";
}
