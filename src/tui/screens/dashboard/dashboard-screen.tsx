import { Text } from 'ink';
import type { Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import type { HeaderStatus } from '../../components/header.js';
import type { RangeKey } from '../../range.js';
import type { DashboardAction, DashboardState } from './dashboard-state.js';

export interface DashboardScreenProps {
  feed: DataFeed;
  range: RangeKey;
  status: HeaderStatus;
  state: DashboardState;
  dispatch: Dispatch<DashboardAction>;
  isFocused: boolean;
  width: number;
  height: number;
}

export function DashboardScreen(_props: DashboardScreenProps) {
  return <Text>dashboard</Text>;
}
