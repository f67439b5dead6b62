/**
 * Waits until `condition` holds, checking every few milliseconds. The limit only turns a hang into a
 * clear failure; nothing here asserts how long anything takes.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, limitMs = 15_000) {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
