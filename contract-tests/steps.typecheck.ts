// Compile-time proof that the suite's calls are held to the spec: each line below must stay a type error
// (`tsc --noEmit`, part of `npm test`, fails on an unused @ts-expect-error), so a renamed field or parameter in the
// spec breaks the step that uses it at compile time.
import type { FlowContext } from "./step.js";

export async function wrongCalls(ctx: FlowContext): Promise<void> {
  // @ts-expect-error PostUserRequest names the field userId
  await ctx.call("PostUser", 201, { body: { userIdentifier: "u1" } });
  // @ts-expect-error GetUserById's path parameter is userId
  await ctx.call("GetUserById", 200, { params: { user: "u1" } });
  // @ts-expect-error GetUsers' page is a number
  await ctx.call("GetUsers", 200, { query: { page: "one" } });
  const read = await ctx.call("GetUserById", 200, { params: { userId: "u1" } });
  // @ts-expect-error GetUserResponse has no field id
  void read.body.id;
  void read.body.userId;
}
