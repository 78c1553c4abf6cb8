// asciichart 1.5 ships no types; only what this project calls.
declare module 'asciichart' {
  export interface PlotConfig {
    min?: number;
    max?: number;
    /** Rows above the lowest one: the chart is height + 1 lines tall. */
    height?: number;
    /** Cells before the plot area; the y-axis sits at offset - 1. */
    offset?: number;
    padding?: string;
    /** Strings put before each plotted cell, one per series (followed by a reset). */
    colors?: readonly string[];
    symbols?: readonly string[];
    format?: (value: number, row: number) => string;
  }

  interface AsciiChart {
    plot(series: readonly number[] | readonly (readonly number[])[], config?: PlotConfig): string;
    reset: string;
  }

  const asciichart: AsciiChart;
  export default asciichart;
}
