// How a location's input becomes what is stored, the same for every store.
import type { Coordinate } from "../../spec/types.js";

/** Combines `meterPointIds` with the deprecated singular `meterPointId` (which goes first when it is not listed). */
export function meterPointIdsOf(input: { meterPointIds?: string[] | null; meterPointId?: string | null }): string[] {
  const ids = [...(input.meterPointIds ?? [])];
  if (input.meterPointId != null && !ids.includes(input.meterPointId)) ids.unshift(input.meterPointId);
  return ids;
}

export const copyCoordinates = (c: Coordinate | null | undefined): Coordinate | null =>
  c == null ? null : { ...(c.latitude !== undefined && { latitude: c.latitude }), ...(c.longitude !== undefined && { longitude: c.longitude }) };
