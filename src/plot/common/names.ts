// How optimizers are named in figures (registry names are lower-case identifiers).

const DISPLAY_NAMES: Record<string, string> = {
  sgd: "SGD", adam: "Adam", adamw: "AdamW", sign: "sign descent", signum: "Signum",
  normalized: "normalized GD", adagrad: "Adagrad", rmsprop: "RMSprop", momentum: "momentum", nesterov: "Nesterov",
};

export function optimizerDisplayName(name: string): string {
  return DISPLAY_NAMES[name] ?? name;
}
