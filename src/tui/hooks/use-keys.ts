import { useInput } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { actionFor, keyName, type Action, type Scope } from '../keymap.js';

/** A key inside a chunk of text ("j\r" when j and enter arrive together) by its name. */
function charName(char: string): string {
  switch (char) {
    case '\r':
    case '\n':
      return 'enter';
    case '\t':
      return 'tab';
    case ' ':
      return 'space';
    case '\x7f':
    case '\b':
      return 'backspace';
    default:
      return char;
  }
}

export type Handlers = Partial<Record<Action, () => void>>;

/**
 * Binds handlers to the keymap's actions of one scope; only an active scope listens.
 * `onText` receives what no binding of the scope claims (the filter line): the key's name and, for
 * typed or pasted text, the text itself (null for keys such as arrows).
 */
export function useKeys(scope: Scope, isActive: boolean, handlers: Handlers, onText?: (name: string, text: string | null) => void): void {
  // The latest handlers, without re-subscribing to input on every render; kept after each commit
  // (keys arrive between renders, never during one).
  const latest = useRef({ handlers, onText });
  useLayoutEffect(() => {
    latest.current = { handlers, onText };
  });
  useInput(
    (input, key) => {
      const name = keyName(input, key);
      // A name of its own (up, esc, backspace…) is one key. Text is one key per character: keys
      // typed fast, or pasted, arrive as one chunk, and "rr" is two presses of r.
      const isText = name === input || name === 'space';
      for (const press of isText ? [...input] : [name]) {
        const pressName = isText ? charName(press) : press;
        const action = actionFor(pressName, scope);
        if (action !== undefined) latest.current.handlers[action]?.();
        else latest.current.onText?.(pressName, isText && pressName === press ? press : null);
      }
    },
    { isActive },
  );
}
