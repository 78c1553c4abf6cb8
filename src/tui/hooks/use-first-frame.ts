import { useEffect, useState } from 'react';

/**
 * True while the app draws its first frame, false from the render after it: a screen draws the least
 * it can show first (the dashboard: its tiles), and the rest fills in once that frame is out. The
 * flip waits a turn of the event loop, so the first frame is written before the second is made.
 */
export function useIsFirstFrame(): boolean {
  const [isFirst, setIsFirst] = useState(true);
  useEffect(() => {
    const next = setImmediate(() => setIsFirst(false));
    return () => clearImmediate(next);
  }, []);
  return isFirst;
}
