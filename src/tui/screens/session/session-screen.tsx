import { Text } from 'ink';
import type { Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import type { SessionAction, SessionState } from './session-state.js';

export interface SessionScreenProps {
  feed: DataFeed;
  sessionId: string;
  state: SessionState;
  dispatch: Dispatch<SessionAction>;
  isFocused: boolean;
  onBack: () => void;
  width: number;
  height: number;
}

export function SessionScreen({ sessionId }: SessionScreenProps) {
  return <Text>session {sessionId}</Text>;
}
