// The element's own styles (shadow DOM: nothing leaks into or out of the host page).
export const STYLE = `
:host { display: block; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933;
  border: 1px solid #d9dee3; border-radius: 10px; background: #fff; padding: 12px; box-sizing: border-box; max-width: 100%; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px 14px; margin-bottom: 10px; }
.controls:empty { display: none; }
label.control { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: #52606d; min-width: 0; }
label.control.wide { grid-column: 1 / -1; }
label.control span.value { color: #1f2933; font-variant-numeric: tabular-nums; }
input, select, button { font: inherit; font-size: 13px; }
input[type=text], input[type=number], select { padding: 4px 6px; border: 1px solid #c5ccd3; border-radius: 6px; background: #fff; color: inherit; width: 100%; }
input[type=range] { width: 100%; accent-color: #3566a8; }
.row { display: flex; gap: 6px; align-items: center; }
.optimizers { display: grid; gap: 4px; max-width: 640px; }
.optimizer { display: grid; grid-template-columns: 7.5em 1fr 4.5em 1.8em; gap: 6px; align-items: center; font-size: 12px; }
.optimizer code { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
button { padding: 5px 12px; border: 1px solid #3566a8; border-radius: 6px; background: #3566a8; color: #fff; cursor: pointer; }
button.ghost { background: #fff; color: #3566a8; padding: 0 4px; }
button:disabled { opacity: 0.5; cursor: default; }
.chart { overflow-x: auto; min-height: 60px; }
.chart canvas { display: block; max-width: 100%; min-width: 560px; height: auto; }
@media (max-width: 520px) { :host { padding: 8px; } .optimizer { grid-template-columns: 5em 1fr 3.6em 1.8em; } }
.status { display: flex; align-items: center; gap: 10px; margin-top: 8px; font-size: 12px; color: #52606d; flex-wrap: wrap; }
progress { width: 140px; height: 8px; }
progress[hidden] { display: none; }
.error { margin-top: 8px; padding: 8px 10px; border-radius: 6px; background: #fdecea; color: #8a1c12;
  font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; word-break: break-word; }
.error[hidden] { display: none; }
.placeholder { color: #7b8794; padding: 24px 0; text-align: center; }
`;
