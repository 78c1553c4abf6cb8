import { useInput } from 'ink';
import { useRef } from 'react';
import { actionFor, keyName, type Action, type Scope } from '../keymap.js';

export type Handlers = Partial<Record<Action, () => void>>;

/**
 * Binds handlers to the keymap's actions of one scope; only an active scope listens.
 * `onText` receives typed characters that no binding of the scope claims (the filter line).
 */
export function useKeys(scope: Scope, isActive: boolean, handlers: Handlers, onText?: (name: string) => void): void {
  // The latest handlers, without re-subscribing to input on every render.
  const latest = useRef({ handlers, onText });
  latest.current = { handlers, onText };
  useInput(
    (input, key) => {
      const name = keyName(input, key);
      const action = actionFor(name, scope);
      if (action !== undefined) latest.current.handlers[action]?.();
      else latest.current.onText?.(name);
    },
    { isActive },
  );
}
