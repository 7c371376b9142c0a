// Authentication: a client-credentials token, and a wrong secret refused the OAuth2 way.
import type { TokenError, TokenResponse } from "../../spec/types.js";
import { expectStatus, fail } from "../client.js";
import type { Step } from "../step.js";

export const tokenSteps: Step[] = [
  {
    name: "RequestToken",
    operationId: "RequestToken",
    safe: true,
    needs: [],
    async run(ctx) {
      const res = expectStatus(await ctx.api.requestToken<TokenResponse>(ctx.credentials.id, ctx.credentials.secret), 200);
      ctx.state.token = res.body.access_token;
    },
  },
  {
    name: "RequestToken [wrong secret → 401 invalid_client]",
    operationId: "RequestToken",
    // A failed sign-in may count against a production client.
    safe: false,
    needs: [],
    async run(ctx) {
      const res = expectStatus(await ctx.api.requestToken<TokenError>(ctx.credentials.id, ctx.id()), 401, "a wrong client secret");
      if (res.body?.error !== "invalid_client") fail(res, `expected error "invalid_client", got ${JSON.stringify(res.body?.error)}`);
    },
  },
  {
    name: "RequestToken [password grant → 400 unsupported_grant_type]",
    operationId: "RequestToken",
    safe: false,
    needs: [],
    async run(ctx) {
      const res = expectStatus(await ctx.api.requestToken<TokenError>(ctx.credentials.id, ctx.credentials.secret, "password"), 400, "the client credentials grant is the only one");
      // RFC 6749 §5.2: a grant type the server does not support, or one this client may not use.
      if (res.body?.error !== "unsupported_grant_type" && res.body?.error !== "unauthorized_client") {
        fail(res, `expected error "unsupported_grant_type" (or "unauthorized_client"), got ${JSON.stringify(res.body?.error)}`);
      }
    },
  },
];
