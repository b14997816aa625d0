// Whether a process recorded by the journal or a lock is still running.

/** Whether a process with this id lives (one owned by another user counts: signalling it is refused, not impossible). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
