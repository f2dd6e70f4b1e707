/**
 * The WebAssembly text format's instruction names before the 2018 renaming (the spec's
 * `get_local` → `local.get` and friends), which the 2018–2019 Ewasm examples and tests use and
 * today's wabt no longer reads. Rewritten to the current names before parsing, outside strings
 * and comments, so old Ewasm WAT runs in `exec` and `deployer` unchanged.
 */

/** Whole-token renames. */
const RENAMED: Readonly<Record<string, string>> = {
  get_local: 'local.get', set_local: 'local.set', tee_local: 'local.tee',
  get_global: 'global.get', set_global: 'global.set',
  current_memory: 'memory.size', grow_memory: 'memory.grow',
  anyfunc: 'funcref',
};

/**
 * Conversions were written `<result>.<op>[_<sign>]/<operand>` (`i64.extend_u/i32`,
 * `i32.wrap/i64`, `f64.convert_s/i64`, `i32.trunc_s:sat/f32`); now `<result>.<op>_<operand>[_<sign>]`.
 */
const CONVERSION = /^(i32|i64|f32|f64)\.([a-z]+)(?:_([su]))?(:sat)?\/(i32|i64|f32|f64)$/;

function rename(token: string): string {
  if (Object.hasOwn(RENAMED, token)) return RENAMED[token];
  const m = CONVERSION.exec(token);
  if (m === null) return token;
  const [, result, op, sign, sat, operand] = m;
  return `${result}.${op}${sat ? '_sat' : ''}_${operand}${sign ? `_${sign}` : ''}`;
}

/** `source` with every legacy instruction name replaced; strings and comments are left as they are. */
export function modernizeWat(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '"') { // string literal, with backslash escapes
      let j = i + 1;
      while (j < n && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (c === ';' && source[i + 1] === ';') { // line comment
      const j = source.indexOf('\n', i);
      const end = j < 0 ? n : j;
      out += source.slice(i, end);
      i = end;
    } else if (c === '(' && source[i + 1] === ';') { // block comment, nestable
      let depth = 0;
      let j = i;
      do {
        if (source.startsWith('(;', j)) { depth++; j += 2; } else if (source.startsWith(';)', j)) { depth--; j += 2; } else j++;
      } while (depth > 0 && j < n);
      out += source.slice(i, j);
      i = j;
    } else if (/[\s()]/.test(c)) {
      out += c;
      i++;
    } else { // a token: up to whitespace, a parenthesis, a string or a comment
      let j = i;
      while (j < n && !/[\s()";]/.test(source[j])) j++;
      if (j === i) j++;
      out += rename(source.slice(i, j));
      i = j;
    }
  }
  return out;
}
