// The grid areas whose locations make a user eligible. The sandbox uses test areas on Svalbard; the mock models
// each as a circle around the point the vendor names (the radii are the mock's choice).
import type { Coordinate } from "../../spec/types.js";

export interface EligibleArea {
  name: string;
  latitude: number;
  longitude: number;
  radiusKm: number;
}

export const DEFAULT_ELIGIBLE_AREAS: EligibleArea[] = [
  { name: "Svalbard test area 1", latitude: 79.5191, longitude: 15.9761, radiusKm: 25 },
  { name: "Svalbard test area 2 (Longyearbyen)", latitude: 78.2209, longitude: 15.6195, radiusKm: 10 },
];

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (haversine). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when the coordinates are complete and lie in one of the areas. */
export function inEligibleArea(areas: EligibleArea[], c: Coordinate | null | undefined): boolean {
  if (!c || typeof c.latitude !== "number" || typeof c.longitude !== "number") return false;
  const point = { latitude: c.latitude, longitude: c.longitude };
  return areas.some((a) => distanceKm(a, point) <= a.radiusKm);
}
