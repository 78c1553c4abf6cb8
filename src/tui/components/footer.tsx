import { Text } from 'ink';
import { footerText, type Scope } from '../keymap.js';
import { color } from '../theme.js';

export function Footer({ scopes, width }: { scopes: readonly Scope[]; width: number }) {
  return <Text color={color('muted')}>{footerText(scopes, width)}</Text>;
}
