// Resources: vehicles (bound to a user) and location-bound resources; read and deleted globally by id.
// Resource ids are unique per client across both kinds; there is no update.
import type { GetLocationBoundResourceResponse } from "../../spec/types.js";
import type { HandlerMap } from "../http/handler.js";
import type { Resource } from "../state/state.js";
import { checkDataQuota } from "../domain/quotas.js";

export const resourceBody = (r: Resource) => ({
  resourceId: r.resourceId,
  resourceType: r.resourceType,
  userId: r.userId,
  locationId: r.locationId,
  meterPointId: r.meterPointId,
});

/** A resource read through its location: the location's id is known, as the spec promises. */
const locationBoundBody = (r: Resource, locationId: string): GetLocationBoundResourceResponse => ({ ...resourceBody(r), locationId: r.locationId ?? locationId });

export const resources: HandlerMap = {
  async PostVehicle(req, { store, quotas }) {
    checkDataQuota("resources", quotas.resources, (await store.dataUsage(req.clientId)).resources, 1);
    return { status: 201, body: resourceBody(await store.addResource(req.clientId, req.params.userId, null, req.body)) };
  },

  async PostLocationBoundResource(req, { store, quotas }) {
    checkDataQuota("resources", quotas.resources, (await store.dataUsage(req.clientId)).resources, 1);
    return { status: 201, body: locationBoundBody(await store.addResource(req.clientId, req.params.userId, req.params.locationId, req.body), req.params.locationId) };
  },

  async GetLocationBoundResources(req, { store }) {
    const { locationId } = req.params;
    return { status: 200, body: (await store.locationResources(req.clientId, req.params.userId, locationId)).map((r) => locationBoundBody(r, locationId)) };
  },

  async GetResourcesForUser(req, { store }) {
    return { status: 200, body: { resources: (await store.userResources(req.clientId, req.params.userId)).map(resourceBody) } };
  },

  async GetResourceById(req, { store }) {
    return { status: 200, body: resourceBody(await store.resource(req.clientId, req.params.resourceId)) };
  },

  async DeleteResourceById(req, { store }) {
    await store.deleteResource(req.clientId, req.params.resourceId);
    return { status: 204 };
  },
};
