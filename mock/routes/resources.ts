// Resources: vehicles (bound to a user) and location-bound resources; read and deleted globally by id.
// Resource ids are unique per client across both kinds; there is no update.
import type { GetLocationBoundResourceResponse } from "../../spec/types.js";
import type { HandlerMap } from "../context.js";
import { resourcesById, type ResourceRecord } from "../store.js";

export const resourceBody = (r: ResourceRecord) => ({
  resourceId: r.resourceId,
  resourceType: r.resourceType,
  userId: r.userId,
  locationId: r.locationId,
  meterPointId: r.meterPointId,
});

/** A resource read through its location: the location's id is known, as the spec promises. */
const locationBoundBody = (r: ResourceRecord, locationId: string): GetLocationBoundResourceResponse => ({ ...resourceBody(r), locationId: r.locationId ?? locationId });

export const resources: HandlerMap = {
  PostVehicle(req, { store }) {
    return { status: 201, body: resourceBody(store.addResource(req.clientId, req.params.userId, null, req.body)) };
  },

  PostLocationBoundResource(req, { store }) {
    return { status: 201, body: locationBoundBody(store.addResource(req.clientId, req.params.userId, req.params.locationId, req.body), req.params.locationId) };
  },

  GetLocationBoundResources(req, { store }) {
    const l = store.location(req.clientId, req.params.userId, req.params.locationId);
    return { status: 200, body: [...resourcesById.values(l.resources)].map((r) => locationBoundBody(r, l.locationId)) };
  },

  GetResourcesForUser(req, { store }) {
    const u = store.user(req.clientId, req.params.userId);
    return { status: 200, body: { resources: [...resourcesById.values(u.resources)].map(resourceBody) } };
  },

  GetResourceById(req, { store }) {
    return { status: 200, body: resourceBody(store.resource(req.clientId, req.params.resourceId)) };
  },

  DeleteResourceById(req, { store }) {
    store.deleteResource(req.clientId, req.params.resourceId);
    return { status: 204 };
  },
};
