// Momentum as a transform, composable after any direction ("momentum after the transform":
// b ← βb + dir(g), w ← w − ηb):
//   trace(β):  m ← βm + u; u ← m   (heavy ball; Nesterov: u ← u + βm)
//   ema(β):    m ← βm + (1−β)u; u ← m   (Signum = chain(ema, sign, scale))
import { TRANSFORMS } from "../layout/generated.js";
import { f32, oneMinus, transform, type Transform, type TwinKernel } from "./transform.js";

const traceTwin: TwinKernel = {
  run(op, _w, u, off, len) {
    const m = op.state[0];
    const b = op.params[TRANSFORMS.trace.params.beta];
    const nesterov = (op.flags & TRANSFORMS.trace.flags.nesterov) !== 0;
    for (let i = off; i < off + len; i++) {
      const g = u[i];
      const mm = f32(f32(b * m[i]) + g);
      m[i] = mm;
      u[i] = nesterov ? f32(g + f32(b * mm)) : mm;
    }
  },
};

export function trace(beta: number, nesterov = false): Transform {
  return transform({
    kind: "trace",
    name: nesterov ? "trace_nesterov" : "trace",
    params: { beta },
    flags: nesterov ? TRANSFORMS.trace.flags.nesterov : 0,
    state: [{ name: "momentum", init: 0 }],
    twin: traceTwin,
  });
}

const emaTwin: TwinKernel = {
  run(op, _w, u, off, len) {
    const m = op.state[0];
    const b = op.params[TRANSFORMS.ema.params.beta];
    const c = op.params[TRANSFORMS.ema.params.oneMinusBeta];
    for (let i = off; i < off + len; i++) {
      const mm = f32(f32(b * m[i]) + f32(c * u[i]));
      m[i] = mm;
      u[i] = mm;
    }
  },
};

export function ema(beta: number): Transform {
  return transform({
    kind: "ema",
    name: "ema",
    params: { beta, oneMinusBeta: oneMinus(beta) },
    state: [{ name: "ema", init: 0 }],
    twin: emaTwin,
  });
}
