import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../store/read/types.js';
import { claudeCodeEvent } from '../vocabulary/events.js';
import { foldStartup, isStartupEvent, startupSentenceText } from './startup-fold.js';

const event = (name: string, attributes: Record<string, unknown> = {}): TimelineEvent => ({
  name,
  time: '2026-11-29T23:51:00.000Z',
  sequence: null,
  raw: { attributes },
  ...claudeCodeEvent(name, attributes),
});

// As Claude Code 2.1.332 starts a session (the subagent capture): its settings, four built-in plugins, a hook.
const settings = event('managed_settings_resolved', { trigger: 'startup', 'managed_settings.sources': [] });
const plugin = (name: string) => event('plugin_loaded', { 'plugin.name': name });
const hook = (hookEvent: string) => event('hook_registered', { hook_event: hookEvent });
const prompt = event('user_prompt', { prompt: 'hi' });
const request = event('api_request', { model: 'claude-opus-5-5' });

describe('start-up fold', () => {
  it('knows the three start-up kinds and nothing else', () => {
    expect([settings, plugin('p'), hook('PreToolUse'), prompt, request, event('plugin_unloaded')].map(isStartupEvent)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('folds each run of start-up events into one item at its first index; other events stay as they are', () => {
    const items = foldStartup([settings, plugin('a'), plugin('b'), request, hook('Stop'), prompt]);
    expect(items.map((i) => [i.kind, i.index, i.kind === 'startup' ? i.events.length : i.event.name])).toEqual([
      ['startup', 0, 3],
      ['event', 3, 'api_request'],
      ['startup', 4, 1],
      ['event', 5, 'user_prompt'],
    ]);
  });

  it('leaves a turn without start-up events alone', () => {
    expect(foldStartup([prompt, request]).map((i) => i.kind)).toEqual(['event', 'event']);
    expect(foldStartup([])).toEqual([]);
  });

  it('says what start-up set up: settings, plugins by name once each, hooks by event', () => {
    const events = [
      settings,
      plugin('cc-plugin-agents-md'),
      plugin('cc-plugin-telemetry'),
      plugin('cc-plugin-telemetry'),
      hook('PreToolUse'),
      hook('PostToolUse'),
    ];
    expect(startupSentenceText(events)).toBe(
      'managed settings none · 3 plugins (cc-plugin-agents-md, cc-plugin-telemetry) · 2 hooks (PreToolUse, PostToolUse)',
    );
  });

  it('names the managed settings sources, and says one of a kind in the singular', () => {
    const withSources = event('managed_settings_resolved', { 'managed_settings.sources': ['policy', 'mdm'] });
    expect(startupSentenceText([withSources, plugin('x'), hook('Stop')])).toBe('managed settings policy, mdm · 1 plugin (x) · 1 hook (Stop)');
  });

  it('leaves out what start-up did not report, and the names when none came', () => {
    expect(startupSentenceText([event('plugin_loaded'), event('hook_registered')])).toBe('1 plugin · 1 hook');
  });

  it('passes names through plainText: no terminal escapes from telemetry', () => {
    expect(startupSentenceText([plugin('evil\u001b[2Jname')])).not.toContain('\u001b');
  });
});
