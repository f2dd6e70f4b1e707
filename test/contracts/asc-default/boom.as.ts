// Aborts on every call, through AssemblyScript's assert (env.abort), built with asc's default flags.
export function main(): void {
  assert(false, "boom");
}
