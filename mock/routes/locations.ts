// Locations of a user: register (one, or a batch across users), list, read, replace, change, delete (which
// removes the resources bound to the location). `meterPointId` is the deprecated singular: accepted in requests,
// echoed read-only as the first of `meterPointIds`.
import type { GetLocationResponse } from "../../spec/types.js";
import type { HandlerMap } from "../http/handler.js";
import { ApiError } from "../http/errors.js";
import { checkDataQuota } from "../domain/quotas.js";
import type { Location } from "../state/state.js";

export const locationBody = (l: Location): GetLocationResponse => ({
  locationId: l.locationId,
  locationType: l.locationType,
  coordinates: l.coordinates === null ? null : { ...l.coordinates },
  meterPointId: l.meterPointIds[0] ?? null,
  meterPointIds: [...l.meterPointIds],
  userId: l.userId,
});

export const locations: HandlerMap = {
  async GetLocationsByUserId(req, { store }) {
    return { status: 200, body: (await store.locations(req.clientId, req.params.userId)).map(locationBody) };
  },

  async PostLocation(req, { store, quotas }) {
    checkDataQuota("locations", quotas.locations, (await store.dataUsage(req.clientId)).locations, 1);
    const { locationId, ...input } = req.body;
    return { status: 201, body: locationBody(await store.addLocation(req.clientId, req.params.userId, locationId, input)) };
  },

  async PostLocations(req, { store, quotas }) {
    checkDataQuota("locations", quotas.locations, (await store.dataUsage(req.clientId)).locations, req.body.locations.length);
    return { status: 201, body: { locations: (await store.addLocations(req.clientId, req.body.locations)).map(locationBody) } };
  },

  async GetLocationByLocationId(req, { store }) {
    return { status: 200, body: locationBody(await store.location(req.clientId, req.params.userId, req.params.locationId)) };
  },

  async UpdateLocation(req, { store }) {
    const { locationId, ...input } = req.body;
    const pathId = req.params.locationId;
    if (locationId !== pathId) {
      throw ApiError.invalid([{ field: "body.locationId", pointer: "/locationId", message: `must match the locationId of the path (${pathId})` }]);
    }
    return { status: 200, body: locationBody(await store.replaceLocation(req.clientId, req.params.userId, pathId, input)) };
  },

  async PatchLocation(req, { store }) {
    return { status: 200, body: locationBody(await store.patchLocation(req.clientId, req.params.userId, req.params.locationId, req.body)) };
  },

  async DeleteLocation(req, { store }) {
    await store.deleteLocation(req.clientId, req.params.userId, req.params.locationId);
    return { status: 204 };
  },
};
