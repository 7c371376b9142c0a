// Locations of a user: register (one, or a batch across users), list, read, replace, change, delete (which
// removes the resources bound to the location). `meterPointId` is the deprecated singular: accepted in requests,
// echoed read-only as the first of `meterPointIds`.
import type { GetLocationResponse } from "../../spec/types.js";
import type { HandlerMap } from "../context.js";
import { ApiError } from "../errors.js";
import { locationsById, type LocationRecord } from "../store.js";

export const locationBody = (l: LocationRecord): GetLocationResponse => ({
  locationId: l.locationId,
  locationType: l.locationType,
  coordinates: l.coordinates === null ? null : { ...l.coordinates },
  meterPointId: l.meterPointIds[0] ?? null,
  meterPointIds: [...l.meterPointIds],
  userId: l.userId,
});

export const locations: HandlerMap = {
  GetLocationsByUserId(req, { store }) {
    const u = store.user(req.clientId, req.params.userId);
    return { status: 200, body: [...locationsById.values(u.locations)].map(locationBody) };
  },

  PostLocation(req, { store }) {
    const { locationId, ...input } = req.body;
    return { status: 201, body: locationBody(store.addLocation(req.clientId, req.params.userId, locationId, input)) };
  },

  PostLocations(req, { store }) {
    return { status: 201, body: { locations: store.addLocations(req.clientId, req.body.locations).map(locationBody) } };
  },

  GetLocationByLocationId(req, { store }) {
    return { status: 200, body: locationBody(store.location(req.clientId, req.params.userId, req.params.locationId)) };
  },

  UpdateLocation(req, { store }) {
    const { locationId, ...input } = req.body;
    const pathId = req.params.locationId;
    if (locationId !== pathId) {
      throw ApiError.invalid([{ field: "body.locationId", pointer: "/locationId", message: `must match the locationId of the path (${pathId})` }]);
    }
    return { status: 200, body: locationBody(store.replaceLocation(req.clientId, req.params.userId, pathId, input)) };
  },

  PatchLocation(req, { store }) {
    return { status: 200, body: locationBody(store.patchLocation(req.clientId, req.params.userId, req.params.locationId, req.body)) };
  },

  DeleteLocation(req, { store }) {
    store.deleteLocation(req.clientId, req.params.userId, req.params.locationId);
    return { status: 204 };
  },
};
