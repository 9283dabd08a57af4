// Credit units: a plan's credits, a pack's and an item's drawdown rate each count in one unit ("drink", "class",
// "GB"). Credits move only between things of the same unit: a top-up adds to a pass of its unit, an item draws
// from a pass of its unit. One rule for both, so the counter and the ledger never disagree on what fits.
export function fitsUnit(unit: string, passUnit: string): boolean {
  return unit === passUnit;
}
