// Reference engine for the wasmc test suite (WASMC_TEST_ENGINE=node): runs a
// WASI command module under Node.js and mimics the behaviour of executables
// built by wasmc, so the suite's expectations can be checked without wasmc:
//   - argv[0] is the wrapper script's path, the rest are the arguments,
//   - proc_exit(n) / return from _start -> exit status n,
//   - a trap prints "wasm trap: <wasmc message>" and "wasm backtrace:" on
//     stderr and exits with status 134.
// V8 does not distinguish some traps wasmc does; then every candidate message
// is printed (one "wasm trap:" line each), so only the category is checked:
//   "null function or function signature mismatch" -> uninitialized element /
//       indirect call type mismatch
//   "float unrepresentable in integer range" -> invalid conversion to integer /
//       integer overflow
//   "table index is out of bounds" -> out of bounds table access / undefined element
// Known limitation: Node 20 crashes (SIGSEGV) while exiting after a module
// grew its memory to ~500 MB (c_malloc_big); the output before is still right.
//
// Usage: node wasi-run.mjs MODULE.wasm ARGV0 [ARGS...]
import { WASI } from 'node:wasi';
import { readFileSync, writeSync } from 'node:fs';

const [, , file, ...args] = process.argv;
const wasi = new WASI({ version: 'preview1', args, env: {}, returnOnExit: true });

const TRAPS = [
  [/^unreachable/, ['unreachable']],
  [/^memory access out of bounds/, ['out of bounds memory access']],
  [/^(divide|remainder) by zero/, ['integer divide by zero']],
  [/^divide result unrepresentable/, ['integer overflow']],
  [/^float unrepresentable in integer range/, ['invalid conversion to integer', 'integer overflow']],
  [/^table index is out of bounds/, ['out of bounds table access', 'undefined element']],
  [/^table access out of bounds|^element segment out of bounds/, ['out of bounds table access']],
  [/^null function or function signature mismatch/, ['uninitialized element', 'indirect call type mismatch']],
  [/^data segment out of bounds/, ['out of bounds memory access']],
  [/^Maximum call stack size exceeded/, ['call stack exhausted']],
];

function trap(e) {
  const msg = String(e && e.message);
  let names = [`unmapped V8 error: ${msg}`];
  for (const [re, n] of TRAPS) if (re.test(msg)) names = n;
  let text = names.map((n) => `wasm trap: ${n}\n`).join('');
  text += `wasm backtrace:\n${String(e && e.stack)}\n`;
  writeSync(2, text);
  process.exit(134);
}

let code;
try {
  const module = await WebAssembly.compile(readFileSync(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  code = wasi.start(instance);
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) trap(e);
  writeSync(2, `error: ${e && e.stack}\n`);
  process.exit(1);
}
process.exit(code ?? 0);
