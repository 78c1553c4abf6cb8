// NO_COLOR (any non-empty value) turns colour off on every surface: TUI, plain commands, status line.
export const isColorEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => env['NO_COLOR'] === undefined || env['NO_COLOR'] === '';
