// ConfigError: bad input, naming the field path ("optimizers[1].b2") and what was wrong with it.
// Apart from the zod fields (fields.ts) so that the command line can recognise it without
// loading a validator.

export class ConfigError extends Error {
  constructor(readonly field: string, readonly detail: string) {
    super(`${field}: ${detail}`);
    this.name = "ConfigError";
  }
}
