import { Box, Text } from 'ink';
import { displayKeys, keymap, type Scope } from '../keymap.js';
import { fit } from '../plain-text.js';
import { color } from '../theme.js';

const scopeTitles: Record<Scope, string> = {
  global: 'Everywhere',
  dashboard: 'Dashboard',
  sessions: 'Sessions',
  filter: 'While filtering',
  session: 'Session',
  raw: 'Raw JSON',
};

/** Every key of the keymap, grouped by where it works. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const lines: { text: string; isTitle: boolean }[] = [];
  for (const scope of Object.keys(scopeTitles) as Scope[]) {
    lines.push({ text: scopeTitles[scope], isTitle: true });
    for (const b of keymap.filter((k) => k.scope === scope)) {
      lines.push({ text: `  ${displayKeys(b).padEnd(10)} ${b.description}`, isTitle: false });
    }
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>Keys (any key closes)</Text>
      {lines.slice(0, Math.max(0, height - 1)).map((l, i) => (
        <Text key={i} bold={l.isTitle} color={l.isTitle ? color('accent') : undefined}>
          {fit(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}
