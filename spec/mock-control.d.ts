// Generated from spec/mock-control.yaml by `npm run generate` (openapi-typescript). Do not edit.

export interface paths {
    "/_mock/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove all of the caller's data
         * @description Removes every user, location, resource, enrollment, webhook, event, delivery log, report and simulated data set of the caller, cancels its pending webhook deliveries and clears its request journal. Its tokens stay valid and its clock is kept, unless `clock=true` puts it back on real time too (what a test suite's set-up wants: a crashed run may have left the clock frozen in another year). A JWT issued while the clock was ahead is then not valid before its issue time: get a new token.
         */
        post: operations["ResetClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/clock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the caller's clock */
        get: operations["GetClock"];
        /**
         * Set, advance or freeze the caller's clock
         * @description The caller's clock drives everything time-dependent for that caller: its tokens' expiry, `createdAt` and every other stamp, the day a price curve covers, the month its compensation counts, enrollment dates and eligibility updates. Send `now` or `advance` (not both), and optionally `frozen`. A frozen clock stands still until it is set again, unfrozen or reset. The clock must stay between 2000-01-01 and 2100-01-01.
         */
        put: operations["SetClock"];
        post?: never;
        /** Put the caller's clock back on real time */
        delete: operations["ResetClock"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/webhooks/deliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the caller's pending webhook deliveries now
         * @description Runs one attempt of every pending delivery and waiting retry of the caller now, instead of after the back-off delay, and answers when they are done. The delivery log shows the attempts as usual; an attempt that fails again schedules its next retry as usual.
         */
        post: operations["DeliverNow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_mock/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's last requests, newest first
         * @description The requests the caller sent to the API and the token endpoint (the control API's own calls are not kept), newest first; at most 1,000 are kept per client. Secrets and tokens in bodies are replaced by `[redacted]`.
         */
        get: operations["GetRequestJournal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A client's clock. */
        Clock: {
            /**
             * Format: date-time
             * @description The client's current time.
             */
            now: string;
            /** @description How far the client's clock is ahead of real time (negative when behind), in whole seconds. */
            offsetSeconds: number;
            /** @description True while the clock stands still. */
            frozen: boolean;
            /** @description The client's own random seed for simulations, when it set one (without it, the mock's `--random-seed` applies, if any). With a seed, a simulation at the same clock generates the same values. */
            randomSeed?: number;
        };
        /** @description `now` sets the clock to an instant; `advance` moves it forward by an ISO 8601 duration (`PT25H`, `P1D`, `P1M`, `P2W`); `frozen` stops or restarts it; `randomSeed` pins the caller's simulations (null: back to the mock's seed, if any). At least one of them; `now` and `advance` not together. DELETE puts the clock and the seed back. */
        SetClockRequest: {
            /** Format: date-time */
            now?: string;
            /** Format: duration */
            advance?: string;
            frozen?: boolean;
            randomSeed?: number | null;
        };
        DeliveryResult: {
            attempted: number;
            /** @description Attempts answered 200. */
            delivered: number;
            /** @description Attempts that failed or timed out. */
            failed: number;
        };
        RequestJournal: {
            requests: components["schemas"]["JournalEntry"][];
        };
        /** @description One request the client sent, as the mock received it. */
        JournalEntry: {
            /**
             * Format: date-time
             * @description When the request arrived, by the client's clock.
             */
            at: string;
            method: string;
            /** @description The path as sent, without the query. */
            path: string;
            query: {
                [key: string]: string;
            };
            /** @description The operation of energy-coordination.yaml the request went to; null when it matched none. */
            operationId: string | null;
            status: number;
            durationMs: number;
            /** @description The request body: parsed JSON (or the form fields of a token request), with every value under a key that names a secret, token or password replaced by `[redacted]`; text when it is not JSON; null when there was none. A body over 16 KiB is kept as the first 16 KiB of its redacted JSON (or of its text), followed by how many characters were left out. */
            body: unknown;
        };
        /** @description An RFC 9457 problem document. `errors` maps a field to what is wrong with it. */
        HttpValidationProblemDetails: {
            type?: string;
            title?: string;
            status?: number;
            detail?: string;
            errors?: {
                [key: string]: string[];
            };
        } & {
            [key: string]: unknown;
        };
    };
    responses: {
        /** @description The request is malformed; the problem document names the field. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description No access token, or an unknown or expired one. */
        Unauthorized: {
            headers: {
                /** @description The Bearer challenge (RFC 6750). */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description The body cannot be read (too large, not JSON). */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    ResetClient: {
        parameters: {
            query?: {
                /** @description Also put the caller's clock back on real time, running. */
                clock?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's data is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    GetClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's clock. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "now": "2027-01-31T23:59:00.000Z",
                     *       "offsetSeconds": 5184000,
                     *       "frozen": true
                     *     }
                     */
                    "application/json": components["schemas"]["Clock"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    SetClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "advance": "PT25H"
                 *     }
                 */
                "application/json": components["schemas"]["SetClockRequest"];
            };
        };
        responses: {
            /** @description The caller's clock after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "now": "2027-02-02T00:59:00.000Z",
                     *       "offsetSeconds": 5274000,
                     *       "frozen": false
                     *     }
                     */
                    "application/json": components["schemas"]["Clock"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
        };
    };
    ResetClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's clock, on real time again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "now": "2026-12-02T03:20:00.000Z",
                     *       "offsetSeconds": 0,
                     *       "frozen": false
                     *     }
                     */
                    "application/json": components["schemas"]["Clock"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    DeliverNow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was attempted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "attempted": 2,
                     *       "delivered": 1,
                     *       "failed": 1
                     *     }
                     */
                    "application/json": components["schemas"]["DeliveryResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    GetRequestJournal: {
        parameters: {
            query?: {
                /** @description How many requests to return. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The journal. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "requests": [
                     *         {
                     *           "at": "2026-12-02T03:20:00.000Z",
                     *           "method": "POST",
                     *           "path": "/energy-coordination/v1/webhooks",
                     *           "query": {},
                     *           "operationId": "PostWebhook",
                     *           "status": 201,
                     *           "durationMs": 2,
                     *           "body": {
                     *             "webhookUrl": "http://127.0.0.1:4020/hooks",
                     *             "webhookSecret": "[redacted]"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RequestJournal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
}
