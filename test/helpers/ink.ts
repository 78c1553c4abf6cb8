// Driving Ink views like a person: keys in, frames out; waits for a frame, never a fixed time.
import type { render } from 'ink-testing-library';

type Rendered = ReturnType<typeof render>;

const keys: Record<string, string> = {
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  up: '\u001b[A',
  down: '\u001b[B',
  backspace: '\u007f',
  pagedown: '\u001b[6~',
  pageup: '\u001b[5~',
  'ctrl+c': '\u0003',
};

export function press(ui: Rendered, key: string): void {
  ui.stdin.write(keys[key] ?? key);
}

/** Runs `act`, then resolves with the first frame that matches (rejects after 5 s with the last frame: generous, as a loaded CI machine renders slowly). */
export function frameAfter(ui: Rendered, act: () => void, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      const frame = ui.lastFrame() ?? '';
      if (pattern.test(frame)) return resolve(frame);
      if (Date.now() > deadline) return reject(new Error(`no frame matched ${pattern} in ${timeoutMs} ms; last frame:\n${frame}`));
      setTimeout(check, 10);
    };
    // Ink commits a frame before it switches its key listeners to the new screen; two turns of
    // the event loop let both settle, so the key reaches the screen the frame shows.
    setImmediate(() =>
      setImmediate(() => {
        act();
        check();
      }),
    );
  });
}

/** Two event-loop turns, as frameAfter waits before it acts. */
export const settled = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** Presses `name`, then resolves with the first frame that matches. */
export function key(ui: Rendered, name: string, pattern: RegExp): Promise<string> {
  return frameAfter(ui, () => press(ui, name), pattern);
}

/** Opens a session the way a person does: the sessions view, `/` and its id, enter twice; resolves with the drawer's frame. */
export async function openSession(ui: Rendered, sessionId: string): Promise<string> {
  await key(ui, '2', /Start Time/);
  await key(ui, '/', /\/█/);
  for (const ch of sessionId) {
    await settled();
    press(ui, ch);
  }
  await frameAfter(ui, () => undefined, new RegExp(`/${sessionId}█`));
  await key(ui, 'enter', /1 session ·/);
  return key(ui, 'enter', /── timeline/);
}
