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
    "/_mock/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the caller's faults
         * @description The faults the mock injects into the caller's requests and webhook deliveries: those the caller set, else the mock's defaults (`--faults FILE`, `startMock({ faults })`); `{}` when none. Faults whose `until` has passed are over and read as `{}`.
         */
        get: operations["GetFaults"];
        /**
         * Replace the caller's faults
         * @description Replaces the caller's faults (every field is optional; what is left out is not injected). Other clients of the mock see no change. Every injected fault is marked: an `X-Mock-Fault` header on the answer (or on the webhook request), a `fault` in the request journal and in the log line. With the mock's random seed the same faults fall on the same requests again after the same PUT, so a failing test can be replayed.
         */
        put: operations["SetFaults"];
        post?: never;
        /**
         * Switch the caller's faults off
         * @description The caller gets no faults from now on, not even the mock's defaults (`POST /_mock/reset` puts those back).
         */
        delete: operations["ClearFaults"];
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
        /** @description Faults the mock injects for one client. On the API and the token endpoint (limited to `operations` when given): `latencyMs` delays each answer; `rateLimit` answers 429 beyond `requests` per `perSeconds` (a window of real time opened by the first request after the last one closed) with `Retry-After` and the IETF draft's `RateLimit-Policy` and `RateLimit` headers; `dropRate` closes the connection without an answer; `errorRate` answers `errorStatus` (503 with `Retry-After`, 500 or 502). An outage is `errorRate: 1`, set and cleared, or ended by `durationSeconds`. On webhook deliveries: `webhooks`. */
        Faults: {
            /** @description Added to each answer, in ms; `[min, max]` for a uniformly drawn delay. */
            latencyMs?: number | [
                number,
                number
            ];
            /** @description The share of requests answered with `errorStatus` (1 is an outage). */
            errorRate?: number;
            /**
             * @description The status of an injected error; default 503 (with `Retry-After`).
             * @enum {integer}
             */
            errorStatus?: 500 | 502 | 503;
            rateLimit?: {
                /** @description Requests allowed in each window. */
                requests: number;
                /** @description The window's length in seconds. */
                perSeconds: number;
            };
            /** @description The share of requests whose connection is closed without an answer. */
            dropRate?: number;
            /** @description The operationIds of energy-coordination.yaml the API faults apply to (`RequestToken` is the token endpoint); default every operation. Webhook faults are not limited by it. */
            operations?: string[];
            webhooks?: {
                /** @description The share of delivered notifications sent a second time (same notificationId and body). */
                duplicateRate?: number;
                /** @description Every other notification is held back until the client's next one is sent (at most 5 s), so the receiver gets them swapped. */
                outOfOrder?: boolean;
                /** @description Added before each delivery attempt, in ms. */
                delayMs?: number;
                /** @description The share of attempts that fail on the mock's side without reaching the receiver (logged with no status, retried as usual). */
                failRate?: number;
            };
            /** @description On a PUT, ends these faults after this many seconds (answered as `until`). */
            durationSeconds?: number;
            /**
             * Format: date-time
             * @description When these faults end (real time); sent instead of `durationSeconds`, or answered for it.
             */
            until?: string;
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
            /** @description The status answered; 0 when the connection was dropped by an injected fault. */
            status: number;
            /** @description The faults injected into this request, as its `X-Mock-Fault` header names them (`latency`, `rate-limit`, `error`, `drop`), comma-separated; absent when none. */
            fault?: string;
            /** @description What the mock's refusal explained (`user u1 does not exist`): also for a 404 or 409 sent without a body, whose `X-Mock-Detail` header carries a shortened copy. Absent for a success or a dropped connection. */
            detail?: string;
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
    GetFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's faults. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "errorRate": 1,
                     *       "errorStatus": 503,
                     *       "until": "2026-12-02T03:21:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Faults"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    SetFaults: {
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
                 *       "latencyMs": [
                 *         100,
                 *         300
                 *       ],
                 *       "rateLimit": {
                 *         "requests": 10,
                 *         "perSeconds": 1
                 *       },
                 *       "operations": [
                 *         "GetUsers",
                 *         "RequestToken"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["Faults"];
            };
        };
        responses: {
            /** @description The caller's faults as set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "latencyMs": [
                     *         100,
                     *         300
                     *       ],
                     *       "rateLimit": {
                     *         "requests": 10,
                     *         "perSeconds": 1
                     *       },
                     *       "operations": [
                     *         "GetUsers",
                     *         "RequestToken"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Faults"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
        };
    };
    ClearFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's faults, now none. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": components["schemas"]["Faults"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
}
