// Resources: vehicles (bound to a user) and location-bound resources; read and deleted globally by id.
// Resource ids are unique per client across both kinds; there is no update.
import type { HandlerMap } from "../context.js";
import { resourcesById, type ResourceRecord } from "../store.js";

export const resourceBody = (r: ResourceRecord) => ({
  resourceId: r.resourceId,
  resourceType: r.resourceType,
  userId: r.userId,
  locationId: r.locationId,
  meterPointId: r.meterPointId,
});

export const resources: HandlerMap = {
  PostVehicle(req, { store }) {
    return { status: 201, body: resourceBody(store.addResource(req.clientId, req.params.userId!, null, req.body)) };
  },

  PostLocationBoundResource(req, { store }) {
    return { status: 201, body: resourceBody(store.addResource(req.clientId, req.params.userId!, req.params.locationId!, req.body)) };
  },

  GetLocationBoundResources(req, { store }) {
    const l = store.location(req.clientId, req.params.userId!, req.params.locationId!);
    return { status: 200, body: [...resourcesById.values(l.resources)].map(resourceBody) };
  },

  GetResourcesForUser(req, { store }) {
    const u = store.user(req.clientId, req.params.userId!);
    return { status: 200, body: { resources: [...resourcesById.values(u.resources)].map(resourceBody) } };
  },

  GetResourceById(req, { store }) {
    return { status: 200, body: resourceBody(store.resource(req.clientId, req.params.resourceId!)) };
  },

  DeleteResourceById(req, { store }) {
    store.deleteResource(req.clientId, req.params.resourceId!);
    return { status: 204 };
  },
};
