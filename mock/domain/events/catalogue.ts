// What a client owns, as the event generators need it: location-bound resources, locations with their meter
// points, and who is enrolled. Built from the core store by the simulation routes; plain data here.

export interface CatalogueResource {
  resourceId: string;
  userId: string;
  locationId: string;
  meterPointId: string | null | undefined;
}

export interface CatalogueLocation {
  locationId: string;
  userId: string;
  meterPointIds: string[];
}

export interface Catalogue {
  /** Location-bound resources only (vehicles have no location, so no event targets them). */
  resources: CatalogueResource[];
  locations: CatalogueLocation[];
  enrolledUserIds: ReadonlySet<string>;
}

export type Random = () => number;

export function pick<T>(list: readonly T[], random: Random): T {
  return list[Math.floor(random() * list.length)]!;
}

/** Up to `n` distinct items in random order. */
export function sample<T>(list: readonly T[], n: number, random: Random): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** A resource's meter point: its own, else its location's first. */
export function meterPointOf(resource: CatalogueResource, catalogue: Catalogue): string | undefined {
  if (resource.meterPointId) return resource.meterPointId;
  return catalogue.locations.find((l) => l.locationId === resource.locationId && l.userId === resource.userId)?.meterPointIds[0];
}
