import { Box, Text } from 'ink';
import { displayKeys, keymap, type Scope } from '../keymap.js';
import { fit, padEnd } from '../../present/sanitize.js';
import { unseenSpendShortNote } from '../../present/unseen-spend.js';
import { color } from '../theme.js';

const scopeTitles: Record<Scope, string> = {
  global: 'Everywhere',
  dashboard: 'Dashboard',
  sessions: 'Sessions',
  filter: 'While filtering',
  session: 'Session',
  waterfall: 'Waterfall',
  raw: 'Raw JSON',
};

interface Line {
  text: string;
  isTitle: boolean;
}

/** Every key of the keymap, grouped by where it works, in as many columns as the height needs; then what no total holds. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const lines: Line[] = [];
  for (const scope of Object.keys(scopeTitles) as Scope[]) {
    lines.push({ text: scopeTitles[scope], isTitle: true });
    for (const b of keymap.filter((k) => k.scope === scope)) lines.push({ text: ` ${displayKeys(b).padEnd(8)} ${b.description}`, isTitle: false });
  }
  const rows = Math.max(1, height - 2);
  const columnCount = Math.ceil(lines.length / rows);
  const columnWidth = Math.floor(width / columnCount);
  const columns = Array.from({ length: columnCount }, (_, c) => lines.slice(c * rows, (c + 1) * rows));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit('Keys (any key closes)', width)}</Text>
      <Box>
        {columns.map((column, c) => (
          <Box key={c} flexDirection="column" width={columnWidth}>
            {column.map((l, i) => (
              <Text key={i} bold={l.isTitle} color={l.isTitle ? color('accent') : undefined}>
                {padEnd(l.text, columnWidth - 1)}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
      <Text color={color('muted')}>{fit(unseenSpendShortNote, width)}</Text>
    </Box>
  );
}
