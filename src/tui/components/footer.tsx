import { Text } from 'ink';
import { footerText, type Scope } from '../keymap.js';
import { fit, plainText } from '../../present/sanitize.js';
import { color } from '../theme.js';

/** The keys of the focused scopes, or a notice (an export's path or error) in their place. */
export function Footer({ scopes, notice, width }: { scopes: readonly Scope[]; notice?: string | null; width: number }) {
  if (notice !== undefined && notice !== null) return <Text color={color('accent')}>{fit(plainText(notice), width)}</Text>;
  return <Text color={color('muted')}>{footerText(scopes, width)}</Text>;
}
