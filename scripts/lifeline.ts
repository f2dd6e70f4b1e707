/**
 * When to stop. bin/ewasm-devnet.js may run this program as its child (an older Node re-runs it
 * under Node 26), with an IPC channel as a lifeline: the kernel closes that channel when the
 * launcher dies, however it dies (kill -9 included), and the child must then not outlive it.
 */

/** The launcher sets this variable, so a channel that closed before we looked is still noticed. */
export const LAUNCHER_ENV = 'EWASM_DEVNET_LAUNCHER_PID';

/** How long a graceful shutdown may take once the launcher is gone, before the process just exits. */
const ORPHAN_GRACE_MS = 5_000;

/** Whether this process was started by the launcher and the launcher is gone. */
function orphaned(): boolean {
  return process.env[LAUNCHER_ENV] !== undefined && !process.connected;
}

/**
 * Resolves with the reason when the process should stop: SIGINT, SIGTERM or SIGHUP, or the
 * launcher gone. A launcher gone also arms a timer that exits the process in any case: a
 * shutdown stuck behind a long task must not leave the port and the data directory held.
 */
export function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (reason: string) => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
      process.off('disconnect', onDisconnect);
      resolve(reason);
    };
    const onSignal = (signal: string) => stop(signal);
    const onDisconnect = () => {
      setTimeout(() => process.exit(1), ORPHAN_GRACE_MS).unref();
      stop('launcher gone');
    };
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, onSignal);
    process.once('disconnect', onDisconnect);
    if (orphaned()) onDisconnect();
  });
}

const exitNow = () => process.exit(1);

/** For commands that do not serve (exec, deployer): exit at once when the launcher goes. */
export function exitWithLauncher(): void {
  if (orphaned()) exitNow();
  process.once('disconnect', exitNow);
}

/** The command is done: close the lifeline, which would otherwise keep the process alive. */
export function releaseLauncher(): void {
  process.off('disconnect', exitNow);
  if (process.connected) process.disconnect?.();
}
