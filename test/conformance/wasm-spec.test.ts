/**
 * The WebAssembly core spec scripts, run as written and after instrumentation: gas metering and the
 * stack limit must not change what any program does, and the stack limit must be what stops
 * unbounded recursion. Needs wabt's wast2json (Debian package `wabt`); skipped without it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type Failure, type FileResult, type Mode, type ModeResult, runSpecSuiteInWorker, specDir, wast2jsonAvailable } from './wast-runner.ts';

/** The data folder's README lists 63 scripts; fewer would mean a silently shrunken suite. */
const EXPECTED_SCRIPTS = 63;
/** Per script; the slowest takes well under a second, so only a hang gets near this. */
const SCRIPT_TIMEOUT_MS = 30_000;

/** A mode's counts, summed over the files. */
type Totals = Omit<ModeResult, 'failures' | 'supersededAt' | 'trapMessages'>;

function totals(results: FileResult[], mode: Mode): Totals {
  const t: Totals = { passed: 0, failed: 0, skipped: 0, superseded: 0, exhaustion: 0, exhaustionByLimit: 0 };
  for (const r of results) {
    const m = r[mode];
    t.passed += m.passed;
    t.failed += m.failed;
    t.skipped += m.skipped;
    t.superseded += m.superseded;
    t.exhaustion += m.exhaustion;
    t.exhaustionByLimit += m.exhaustionByLimit;
  }
  return t;
}

function list(failures: Failure[]): string {
  const shown = failures.slice(0, 50).map((f) => `  ${f.file}:${f.line} ${f.command}: ${f.reason}`);
  if (failures.length > shown.length) shown.push(`  ... and ${failures.length - shown.length} more`);
  return shown.join('\n');
}

describe('WebAssembly spec suite under instrumentation', function () {
  this.timeout(120_000);
  let results: FileResult[] = [];

  before(async function () {
    if (!wast2jsonAvailable()) {
      console.log('    wast2json not found: install the Debian package "wabt" (apt-get install wabt) to run the Wasm spec suite');
      this.skip();
    }
    const dir = specDir();
    if (!existsSync(dir)) throw new Error(`spec scripts not found in ${dir}`);
    const started = performance.now();
    results = await runSpecSuiteInWorker(dir, SCRIPT_TIMEOUT_MS);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    const b = totals(results, 'baseline');
    const i = totals(results, 'instrumented');
    const line = (name: string, t: Totals) => `    ${name.padEnd(13)} passed ${t.passed}, failed ${t.failed}, `
      + `skipped ${t.skipped} (text format), superseded ${t.superseded} (valid since Wasm 3.0)`;
    console.log(`    ${results.length} scripts in ${seconds} s`);
    console.log(line('baseline', b));
    console.log(line('instrumented', i));
    console.log(`    assert_exhaustion stopped by our stack limit: ${i.exhaustionByLimit} of ${b.exhaustion}`);
    // The suite's own summary line, for the instrumented run (the one this suite is about).
    console.log(`    wasm-spec: ${i.passed} passed, ${i.failed} failed`);
  });

  it(`converts and runs all ${EXPECTED_SCRIPTS} scripts`, () => {
    assert.equal(results.length, EXPECTED_SCRIPTS, `scripts run: ${results.map((r) => r.file).join(', ')}`);
  });

  it('passes every command in the baseline run', () => {
    const b = totals(results, 'baseline');
    assert.ok(b.passed > 0, 'no command passed: the runner ran nothing');
    const failures = results.flatMap((r) => r.baseline.failures);
    assert.equal(failures.length, 0, `baseline failures (runner or V8 problem, not the instrumenter):\n${list(failures)}`);
  });

  it('passes, instrumented, every command that passes in the baseline run', () => {
    const mismatches = results.flatMap((r) => {
      const failedInBaseline = new Set(r.baseline.failures.map((f) => f.index));
      return r.instrumented.failures.filter((f) => !failedInBaseline.has(f.index));
    });
    assert.equal(mismatches.length, 0, `commands that pass only without instrumentation:\n${list(mismatches)}`);
    // Same verdicts must also mean the same commands were looked at in both runs.
    for (const r of results) {
      const run = (m: Mode) => r[m].passed + r[m].failed + r[m].skipped + r[m].superseded;
      assert.equal(run('instrumented'), run('baseline'), `${r.file}: commands counted differ between runs`);
    }
  });

  it('stops every assert_exhaustion with our stack limit, not V8\'s', () => {
    const b = totals(results, 'baseline');
    const i = totals(results, 'instrumented');
    assert.ok(b.exhaustion > 0, 'the suite has no assert_exhaustion: the stack limit went untested');
    const missed = results.filter((r) => r.instrumented.exhaustionByLimit !== r.baseline.exhaustion)
      .map((r) => `${r.file}: ${r.instrumented.exhaustionByLimit} of ${r.baseline.exhaustion}`);
    assert.equal(i.exhaustionByLimit, b.exhaustion, `assert_exhaustion not stopped by our limit:\n  ${missed.join('\n  ')}`);
  });
});
