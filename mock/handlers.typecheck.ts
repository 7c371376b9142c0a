// Compile-time proof that a handler is held to its operation in the spec: each line below must stay a type error
// (`tsc --noEmit`, part of `npm test`, fails on an unused @ts-expect-error), so renaming a field, a status or a
// parameter in the spec breaks the handlers that use it at compile time, not at run time.
import type { ApiRequest, Handler } from "./http/handler.js";

// @ts-expect-error GetUserResponse names the field userId, not id
export const wrongField: Handler<"GetUserById"> = () => ({ status: 200, body: { id: "u1" } });

// @ts-expect-error GetUserResponse requires userId
export const missingField: Handler<"GetUserById"> = () => ({ status: 200, body: {} });

// @ts-expect-error GetUserById declares 200, not 201
export const wrongStatus: Handler<"GetUserById"> = () => ({ status: 201, body: { userId: "u1" } });

// @ts-expect-error PostLocation's path has userId only
export const wrongParam: Handler<"PostLocation"> = (req) => ({ status: 201, body: { locationId: req.params.locationId } });

export function wrongQuery(req: ApiRequest<"GetUsers">): string | undefined {
  // @ts-expect-error GetUsers' page is a number once validated, not a string
  return req.query.page;
}

// @ts-expect-error DeleteUserById answers 204 with no body
export const bodyOn204: Handler<"DeleteUserById"> = () => ({ status: 204, body: { userId: "u1" } });

/** The same handlers written right compile. */
export const right: Handler<"GetUserById"> = (req) => ({ status: 200, body: { userId: req.params.userId } });
