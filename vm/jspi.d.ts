// JavaScript Promise Integration (on by default in Node 26 / V8 13+), not yet in TypeScript's lib.
declare namespace WebAssembly {
  class Suspending {
    constructor(fn: (...args: never[]) => unknown);
  }
  function promising(fn: (...args: never[]) => unknown): (...args: unknown[]) => Promise<unknown>;
}
