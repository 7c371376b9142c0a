// Generated from spec/energy-coordination.yaml by `npm run generate` (openapi-typescript). Do not edit.

export interface paths {
    "/connect/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get an access token
         * @description OAuth2 client-credentials grant (RFC 6749 section 4.4). The token lives 60 minutes; fetch a new one before it runs out.
         */
        post: operations["RequestToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events
         * @description The partner's events, newest first, one page at a time.
         */
        get: operations["GetAllEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an event
         * @description One event by its id.
         */
        get: operations["GetEventById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a report
         * @description Reports what the partner did about an event: measured use, plans or LPC acknowledgements. Every payload must concern the event's targets and use its resolution.
         */
        post: operations["PostReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/resources/{resourceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a resource
         * @description Any resource of the partner, vehicle or location-bound, by its id.
         */
        get: operations["GetResourceById"];
        put?: never;
        post?: never;
        /**
         * Delete a resource
         * @description Removes a resource. 404 when the partner has no resource with this id.
         */
        delete: operations["DeleteResourceById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulation/events/pricecurve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate a price curve
         * @description Creates a PriceCurve event (sandbox only) and pushes it to subscribed webhooks. Omitted parts are generated: 24 hourly points for the next day, a random price area, and as targets the resources of enrolled users (or, failing that, all resources). A target must be a location-bound resource of the caller, at the location it names (400 otherwise, as the LPC simulations).
         */
        post: operations["PostPriceCurveSimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulation/events/usereligibility": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate a user-eligibility event
         * @description Creates a UserEligibility event (sandbox only). It does not change anyone's eligibility; read `/users/eligible` for that.
         */
        post: operations["PostUserEligibilitySimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulation/events/lpc/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate a location LPC event
         * @description Creates a LocationLPC event (sandbox only). Without `locations`, some of the partner's locations are picked; without points, limits are generated.
         */
        post: operations["PostLPCLocationSimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulation/events/lpc/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate a resource LPC event
         * @description Creates a ResourceLPC event (sandbox only). Without `resources`, some location-bound resources are picked; without points, limits are generated.
         */
        post: operations["PostLPCResourceSimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/simulation/partner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create simulated partner data
         * @description Adds a small random data set (users, locations with meter point ids, vehicles and resources) to the partner (sandbox only).
         */
        post: operations["PostTenantDataSimulation"];
        /**
         * Remove simulated partner data
         * @description Removes the data created by the simulation, and nothing else.
         */
        delete: operations["DeleteTenantDataSimulation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description The partner's users, one page at a time.
         */
        get: operations["GetUsers"];
        put?: never;
        /**
         * Register a user
         * @description Registers a customer of the partner under a partner-chosen id.
         */
        post: operations["PostUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description One user by id.
         */
        get: operations["GetUserById"];
        put?: never;
        post?: never;
        /**
         * Delete a user
         * @description Removes a user with its locations, resources and enrollment.
         */
        delete: operations["DeleteUserById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register several users
         * @description Registers many users in one call.
         */
        post: operations["PostUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a user's locations
         * @description All locations of one user (not paginated).
         */
        get: operations["GetLocationsByUserId"];
        put?: never;
        /**
         * Register a location
         * @description Registers a site of a user. 409 when the user already has a location with this id.
         */
        post: operations["PostLocation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/locations/{locationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a location
         * @description One location of a user.
         */
        get: operations["GetLocationByLocationId"];
        /**
         * Replace a location
         * @description Replaces every field of a location.
         */
        put: operations["UpdateLocation"];
        post?: never;
        /**
         * Delete a location
         * @description Removes a location and the resources bound to it.
         */
        delete: operations["DeleteLocation"];
        options?: never;
        head?: never;
        /**
         * Change a location
         * @description Changes the fields that are sent.
         */
        patch: operations["PatchLocation"];
        trace?: never;
    };
    "/users/locations/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register locations of several users
         * @description Registers many locations in one call; each item names its user.
         */
        post: operations["PostLocations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/vehicles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a vehicle
         * @description Registers a vehicle, a resource that belongs to the user but not to a location.
         */
        post: operations["PostVehicle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a user's resources
         * @description Vehicles and location-bound resources of one user.
         */
        get: operations["GetResourcesForUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/locations/{locationId}/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a location's resources
         * @description The resources bound to one location.
         */
        get: operations["GetLocationBoundResources"];
        put?: never;
        /**
         * Register a location-bound resource
         * @description Registers a resource at a location of the user.
         */
        post: operations["PostLocationBoundResource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/enrollment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user's enrollment
         * @description Whether the user takes part in the programme, and since when.
         */
        get: operations["GetUserEnrollmentByUserId"];
        put?: never;
        /**
         * Enroll a user
         * @description Enrolls a user who agreed to take part. Only enrolled users' resources receive price curves.
         */
        post: operations["PostUserEnrollment"];
        /**
         * Unenroll a user
         * @description Takes a user out of the programme.
         */
        delete: operations["DeleteUserEnrollment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/eligibility": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user's eligibility
         * @description Whether one of the user's locations lies in an eligible grid area.
         */
        get: operations["GetUserEligibilityByUserId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/eligible": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List eligible users
         * @description The partner's eligible users, one page at a time.
         */
        get: operations["GetEligibleUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}/compensation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user's compensation
         * @description What the user earned this month per location, from the reports sent so far.
         */
        get: operations["FetchUserCompensation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/meters/{mpid}/eligible": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check a meter point
         * @description Whether a meter point lies in an eligible grid area.
         */
        get: operations["GetMpidEligibility"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhooks
         * @description All webhooks of the partner.
         */
        get: operations["GetWebhooks"];
        put?: never;
        /**
         * Register a webhook
         * @description Registers a URL that receives signed notifications of the chosen types.
         */
        post: operations["PostWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook
         * @description One webhook by id.
         */
        get: operations["GetWebhookById"];
        /**
         * Replace a webhook
         * @description Replaces every field of a webhook. Without `webhookSecret` the webhook keeps its secret.
         */
        put: operations["UpdateWebhookById"];
        post?: never;
        /**
         * Delete a webhook
         * @description Removes a webhook; notifications stop at once.
         */
        delete: operations["DeleteWebhookById"];
        options?: never;
        head?: never;
        /**
         * Change a webhook
         * @description Changes the fields that are sent and not null.
         */
        patch: operations["PatchWebhookById"];
        trace?: never;
    };
    "/webhooks/{webhookId}/enabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Enable or disable a webhook
         * @description A disabled webhook receives nothing.
         */
        put: operations["UpdateWebhookEnabledById"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List delivery attempts
         * @description Every attempt to deliver a notification, newest first, optionally for one webhook.
         */
        get: operations["GetWebhookNotificationLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/logs/{notificationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a delivery attempt
         * @description The latest attempt for a notification, with the exact body that was sent.
         */
        get: operations["GetWebhookNotificationLogById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    EventNotification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A notification sent to a partner's webhook
         * @description Sent as `POST <webhookUrl>` when an event of a subscribed type is created. Verify the signature on the raw body bytes before parsing. Only a 200 answer counts as delivered; anything else (or no answer in time) is retried up to 3 times with exponential backoff. Retries keep the `notificationId`, so de-duplicate on it.
         */
        post: operations["ReceiveEventNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description Where a page sits in a list. `page` is 1-based; `nextPage`/`previousPage` are null at the ends. */
        ApiPagination: {
            /** Format: int32 */
            totalRecords: number;
            /** Format: int32 */
            pageSize: number;
            /** Format: int32 */
            currentPage: number;
            /** Format: int32 */
            readonly totalPages?: number;
            /** Format: int32 */
            readonly nextPage?: number | null;
            /** Format: int32 */
            readonly previousPage?: number | null;
        };
        /** @description A WGS 84 position in decimal degrees. */
        Coordinate: {
            /** Format: double */
            latitude?: number;
            /** Format: double */
            longitude?: number;
        };
        /**
         * @description ISO 4217 currency code of a price or an amount.
         * @enum {string}
         */
        Currency: "NOK" | "EUR" | "SEK" | "DKK";
        /** @description Energy used in the interval that starts at `timestamp` (UTC, start of the hour). */
        EnergyCurvePoint: {
            /** Format: date-time */
            timestamp: string;
            /** Format: double */
            kiloWattHours: number;
        };
        /**
         * @description The unit a price refers to.
         * @enum {string}
         */
        EnergyUnit: "kWh" | "MWh";
        /** @description Measured energy use of one resource during an event's hours. */
        EnergyUsageReportPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "EnergyUsage";
            resourceId: string;
            locationId?: string | null;
            meterPointId?: string | null;
            points?: components["schemas"]["EnergyCurvePoint"][];
            /**
             * Format: time-span
             * @example 02:00:00
             */
            resolution: string;
            /** @deprecated */
            curvePoints?: components["schemas"]["EnergyCurvePoint"][] | null;
        };
        /** @description Identifier of an event, chosen by the service. */
        EventId: string;
        /** @description The body the service POSTs to a webhook. Signed: `X-Payload-Signature` is Base64(HMAC-SHA256(secret, raw body)). */
        EventNotification: {
            notificationId: components["schemas"]["NotificationId"];
            eventId: string;
            /** Format: date-time */
            eventCreatedAtUtc: string;
            /** Format: date-time */
            notificationSentUtc: string;
            notificationType: components["schemas"]["NotificationType"];
            payload: components["schemas"]["SparkEventPayload"];
        };
        /** @description A page of the users that are eligible for the programme. */
        GetEligibleUsersResponse: {
            pagination: components["schemas"]["ApiPagination"];
            users?: components["schemas"]["GetUserResponse"][];
        };
        /** @description An event as read by polling: an envelope around a payload. */
        GetEventResponse: {
            payload?: components["schemas"]["SparkEventPayload"];
            id: string;
            /** Format: date-time */
            createdAt?: string;
        };
        /** @description A page of events, newest first. */
        GetEventsResponse: {
            pagination: components["schemas"]["ApiPagination"];
            events?: components["schemas"]["GetEventResponse"][];
        };
        /** @description A resource that is bound to a location. */
        GetLocationBoundResourceResponse: {
            resourceId: string;
            resourceType: components["schemas"]["ResourceType"];
            locationId: string;
            userId: string;
            meterPointId?: string | null;
        };
        /** @description A stored location. `meterPointId` mirrors the first of `meterPointIds` for older clients. */
        GetLocationResponse: {
            locationId: string;
            locationType?: components["schemas"]["LocationType"];
            coordinates?: components["schemas"]["Coordinate"] | null;
            /** @deprecated */
            readonly meterPointId?: string | null;
            meterPointIds?: string[];
            userId?: string | null;
        };
        /** @description Whether one meter point is in an eligible grid area. */
        GetMpidEligibilityResponse: {
            meterPointId: string;
            isEligible: boolean;
        };
        /** @description Receipt for a stored report. */
        GetReportResponse: {
            id: string;
            eventId?: string | null;
            /** Format: date-time */
            createdAt?: string;
        };
        /** @description A stored resource. Vehicles have `locationId: null`. */
        GetResourceResponse: {
            resourceId: string;
            resourceType: components["schemas"]["ResourceType"];
            userId: string;
            locationId?: string | null;
            meterPointId?: string | null;
        };
        /** @description What a user has earned this calendar month, per location. */
        GetUserCompensationForCurrentMonthResponse: {
            userId?: components["schemas"]["UserId"];
            period: components["schemas"]["Period"];
            locationCompensations?: components["schemas"]["LocationCompensation"][];
        };
        /** @description Whether a user has a location in an eligible grid area. */
        GetUserEligibilityResponse: {
            userId: string;
            isEligible: boolean;
        };
        /** @description A user's enrollment in the programme; the id and date are null while not enrolled. */
        GetUserEnrollmentResponse: {
            readonly isEnrolled?: boolean;
            userId: string;
            /** Format: uuid */
            enrollmentId?: string | null;
            /** Format: date-time */
            enrollmentDate?: string | null;
        };
        /** @description All resources of one user, vehicles and location-bound ones alike. */
        GetUserResourcesResponse: {
            resources: components["schemas"]["GetResourceResponse"][];
        };
        /** @description A stored user. */
        GetUserResponse: {
            userId: string;
        };
        /** @description A page of users. */
        GetUsersResponse: {
            pagination: components["schemas"]["ApiPagination"];
            users?: components["schemas"]["GetUserResponse"][];
        };
        /** @description One delivery attempt with the exact body that was sent. */
        GetWebhookNotificationLogByIdResponse: {
            webhookNotificationLog?: components["schemas"]["WebhookNotificationLog"];
            notificationContent?: string;
        };
        /** @description A page of delivery attempts, newest first. */
        GetWebhookNotificationLogsResponse: {
            webhookNotificationLogs?: components["schemas"]["WebhookNotificationLog"][];
            pagination?: components["schemas"]["ApiPagination"];
        };
        /** @description A registered webhook. The secret is never returned. */
        GetWebhookResponse: {
            webhookId: string;
            webhookUrl: string;
            name?: string | null;
            notificationTypes?: components["schemas"]["NotificationType"][];
            enabled?: boolean;
            status?: components["schemas"]["WebhookStatus"];
            /** Format: date-time */
            modifiedDate?: string;
            /** Format: date-time */
            createdDate?: string;
            /** Format: date-time */
            lastAnalyzedTimestamp?: string;
        };
        /** @description All webhooks of the calling partner. */
        GetWebhooksResponse: {
            webhooks: components["schemas"]["GetWebhookResponse"][];
        };
        /** @description An RFC 9457 problem document. `errors` maps a field to what is wrong with it. */
        HttpValidationProblemDetails: {
            type?: string | null;
            title?: string | null;
            /** Format: int32 */
            status?: number | null;
            detail?: string | null;
            instance?: string | null;
            errors?: {
                [key: string]: string[];
            };
        } & {
            [key: string]: unknown;
        };
        /** @description Highest power allowed from `timestamp` until the next point. */
        LPCDataPoint: {
            /** Format: double */
            maxPowerInKiloWatts?: number;
            /** Format: date-time */
            timestamp?: string;
        };
        /** @description A location named in an LPC acknowledgement. */
        LPCLocation: {
            locationId: components["schemas"]["LocationId"];
            meterPointId: components["schemas"]["MeterPointId"];
        };
        /** @description A location to limit in a simulated location LPC event. */
        LPCLocationTarget: {
            location?: components["schemas"]["LocationTarget"];
            points?: components["schemas"]["LPCDataPoint"][] | null;
        };
        /** @description Power reserved at locations for a coming period. */
        LPCReservationPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "LPCReservation";
            targets: components["schemas"]["LocationLPCTarget"][];
        };
        /** @description A resource named in an LPC acknowledgement. */
        LPCResource: {
            meterPointId: components["schemas"]["MeterPointId"];
            locationId: components["schemas"]["LocationId"];
            resourceId: components["schemas"]["ResourceId"];
        };
        /** @description A resource to limit in a simulated resource LPC event. */
        LPCResourceTarget: {
            resource?: components["schemas"]["ResourceTarget"];
            points?: components["schemas"]["LPCDataPoint"][] | null;
        };
        /** @description Compensation earned at one location. */
        LocationCompensation: {
            locationId?: components["schemas"]["LocationId"];
            meterPointIds?: components["schemas"]["MeterPointId"][];
            /** Format: double */
            activeAmount?: number;
            /** Format: double */
            blockedAmount?: number;
            currency?: components["schemas"]["Currency"];
            problems?: components["schemas"]["Problem"][];
        };
        /** @description The planned consumption of a location: a baseline and the flexibility offered. */
        LocationEnergyUsagePlanReportPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "LocationEnergyUsagePlan";
            locationId: string;
            meterPointId: string;
            /**
             * Format: time-span
             * @example 02:00:00
             */
            resolution: string;
            baseline: components["schemas"]["EnergyCurvePoint"][];
            flexibility: components["schemas"]["EnergyCurvePoint"][];
        };
        /** @description Measured energy use of a whole location. */
        LocationEnergyUsageReportPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "LocationEnergyUsage";
            locationId: string;
            meterPointId: string;
            points?: components["schemas"]["EnergyCurvePoint"][];
            /**
             * Format: time-span
             * @example 02:00:00
             */
            resolution: string;
        };
        /** @description Identifier of a location, chosen by the partner. */
        LocationId: string;
        /** @description Which location power limits the partner accepts and which it declines. */
        LocationLPCAcknowledgmentReportPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "LocationLPCAcknowledgement";
            acknowledgedTargets?: components["schemas"]["LPCLocation"][];
            declinedTargets?: components["schemas"]["LPCLocation"][];
        };
        /** @description Power limits requested for locations. */
        LocationLPCPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "LocationLPC";
            targets: components["schemas"]["LocationLPCTarget"][];
        };
        /** @description Power limits for one location. */
        LocationLPCTarget: {
            locationId: components["schemas"]["LocationId"];
            meterPointId: components["schemas"]["MeterPointId"];
            /**
             * Format: time-span
             * @example 02:00:00
             */
            resolution: string;
            points: components["schemas"]["LPCDataPoint"][];
        };
        /** @description A location picked as a target. */
        LocationTarget: {
            locationId?: components["schemas"]["LocationId"];
            meterPointId?: components["schemas"]["MeterPointId"];
        };
        /**
         * @description What kind of site a location is.
         * @enum {string}
         */
        LocationType: "Unknown" | "Residential" | "Commercial" | "Other";
        /** @description A metering point id (18 digits in Norway). */
        MeterPointId: string;
        /** @description Identifier of one webhook notification; the same for all retries of it. */
        NotificationId: string;
        /**
         * @description What a webhook subscribes to; each type carries one kind of event payload.
         * @enum {string}
         */
        NotificationType: "Unknown" | "PriceCurveCreated" | "UserEligibilityUpdated" | "LocationLPCRequested" | "ResourceLPCRequested" | "LPCReservationCreated";
        /** @description Fields to change on a location; absent fields stay as they are. */
        PatchLocationRequest: {
            /** @description null (as the vendor's examples send it) is `Unknown` on POST and PUT, and unchanged on PATCH. */
            locationType?: components["schemas"]["LocationType"] | null;
            /** @description null (as the vendor's examples send it) is no coordinates on POST and PUT, and unchanged on PATCH. */
            coordinates?: components["schemas"]["Coordinate"] | null;
            meterPointIds?: string[] | null;
        };
        /** @description Fields to change on a webhook; absent or null fields stay as they are. */
        PatchWebhookRequest: {
            webhookSecret?: string | null;
            webhookUrl?: string | null;
            notificationTypes?: components["schemas"]["NotificationType"][] | null;
            enabled?: boolean | null;
            name?: string | null;
        };
        /** @description A range of calendar dates, both ends included. */
        Period: {
            /** Format: date */
            from?: string;
            /** Format: date */
            to?: string;
        };
        /** @description A resource to register at a location. */
        PostLocationBoundResourceRequest: {
            resourceId: string;
            resourceType: components["schemas"]["ResourceType"];
            meterPointId?: string | null;
        };
        /** @description A location to register for a user. Send `meterPointIds`; the singular `meterPointId` is accepted from older clients. */
        PostLocationRequest: {
            locationId: string;
            /** @description null (as the vendor's examples send it) is `Unknown` on POST and PUT, and unchanged on PATCH. */
            locationType?: components["schemas"]["LocationType"] | null;
            /** @description null (as the vendor's examples send it) is no coordinates on POST and PUT, and unchanged on PATCH. */
            coordinates?: components["schemas"]["Coordinate"] | null;
            /** @deprecated */
            meterPointId?: string | null;
            meterPointIds?: string[] | null;
        };
        /** @description A location to register, naming its user, for the batch operation. */
        PostLocationWithUserRequest: {
            locationId: string;
            /** @description null (as the vendor's examples send it) is `Unknown` on POST and PUT, and unchanged on PATCH. */
            locationType?: components["schemas"]["LocationType"] | null;
            /** @description null (as the vendor's examples send it) is no coordinates on POST and PUT, and unchanged on PATCH. */
            coordinates?: components["schemas"]["Coordinate"] | null;
            /** @deprecated */
            meterPointId?: string | null;
            meterPointIds?: string[] | null;
            userId: string;
        };
        /** @description Locations of several users, registered in one call. */
        PostLocationsBatchRequest: {
            locations: components["schemas"]["PostLocationWithUserRequest"][];
        };
        /** @description The locations that were registered. */
        PostLocationsBatchResponse: {
            locations: components["schemas"]["GetLocationResponse"][];
        };
        /** @description A report on an event: one or more payloads. */
        PostReportRequest: {
            eventId?: string | null;
            payloads?: components["schemas"]["SparkReportPayload"][];
        };
        /** @description A user to register; the partner chooses the id. */
        PostUserRequest: {
            userId: string;
        };
        /** @description Users to register in one call. */
        PostUsersBatchRequest: {
            users: components["schemas"]["PostUserRequest"][];
        };
        /** @description The users that were registered. */
        PostUsersBatchResponse: {
            users: components["schemas"]["GetUserResponse"][];
        };
        /** @description A vehicle to register for a user. */
        PostVehicleResourceRequest: {
            resourceId: string;
            resourceType: components["schemas"]["ResourceType"];
        };
        /** @description A webhook to register. The secret signs every notification and is never returned. */
        PostWebhookRequest: {
            name?: string | null;
            webhookSecret?: string | null;
            webhookUrl: string;
            notificationTypes?: components["schemas"]["NotificationType"][];
        };
        /**
         * @description A Nordic bidding zone.
         * @enum {string}
         */
        PriceArea: "Unknown" | "NO1" | "NO2" | "NO3" | "NO4" | "NO5" | "FI" | "DK1" | "DK2" | "SE1" | "SE2" | "SE3" | "SE4";
        /** @description Price incentives per interval. */
        PriceCurve: {
            points?: components["schemas"]["PriceCurvePoint"][];
            energyUnit?: components["schemas"]["EnergyUnit"];
            currency?: components["schemas"]["Currency"];
            /**
             * Format: time-span
             * @example 02:00:00
             */
            resolution?: string;
        };
        /** @description Price incentives for the next day for the targeted resources. */
        PriceCurvePayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "PriceCurve";
            targets: components["schemas"]["PriceCurveTarget"][];
            priceCurveDelta: components["schemas"]["PriceCurve"];
            priceArea: components["schemas"]["PriceArea"];
        };
        /** @description The price incentive for the interval that starts at `timestamp`. */
        PriceCurvePoint: {
            /** Format: double */
            price?: number;
            /** Format: date-time */
            timestamp?: string;
        };
        /** @description A resource, at a location, that a price curve applies to. */
        PriceCurveTarget: {
            resourceId: components["schemas"]["ResourceId"];
            locationId: components["schemas"]["LocationId"];
        };
        /** @description Something that keeps an amount from being paid. */
        Problem: {
            problemType?: components["schemas"]["ProblemType"];
            message: string;
        };
        /**
         * @description Why an amount is blocked.
         * @enum {string}
         */
        ProblemType: "MissingMpidOnLocation" | "CompensationMpidDoesNotMatchLocation";
        /** @description A location's full new state. `locationId` must match the path. */
        PutLocationRequest: {
            locationId: string;
            /** @description null (as the vendor's examples send it) is `Unknown` on POST and PUT, and unchanged on PATCH. */
            locationType?: components["schemas"]["LocationType"] | null;
            /** @description null (as the vendor's examples send it) is no coordinates on POST and PUT, and unchanged on PATCH. */
            coordinates?: components["schemas"]["Coordinate"] | null;
            /** @deprecated */
            meterPointId?: string | null;
            meterPointIds?: string[] | null;
        };
        /** @description A webhook's full new state. */
        PutWebhookRequest: {
            webhookSecret?: string | null;
            webhookUrl: string;
            notificationTypes?: components["schemas"]["NotificationType"][];
            enabled?: boolean;
            name?: string | null;
        };
        /** @description Identifier of a resource, chosen by the partner. */
        ResourceId: string;
        /** @description Which resource power limits the partner accepts and which it declines. */
        ResourceLPCAcknowledgmentReportPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "ResourceLPCAcknowledgement";
            acknowledgedTargets?: components["schemas"]["LPCResource"][];
            declinedTargets?: components["schemas"]["LPCResource"][];
        };
        /** @description Power limits requested for resources. */
        ResourceLPCPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "ResourceLPC";
            targets: components["schemas"]["ResourceLPCTarget"][];
        };
        /** @description Power limits for one resource. */
        ResourceLPCTarget: {
            meterPointId: components["schemas"]["MeterPointId"];
            locationId: components["schemas"]["LocationId"];
            resourceId: components["schemas"]["ResourceId"];
            /**
             * Format: time-span
             * @example 02:00:00
             */
            resolution: string;
            points: components["schemas"]["LPCDataPoint"][];
        };
        /** @description A resource picked as a target. */
        ResourceTarget: {
            locationId?: components["schemas"]["LocationId"];
            resourceId?: components["schemas"]["ResourceId"];
            meterPointId?: components["schemas"]["MeterPointId"];
        };
        /**
         * @description What kind of flexible resource it is.
         * @enum {string}
         */
        ResourceType: "Generic" | "Vehicle" | "Charger" | "HotWaterTank" | "HVAC" | "SolarInverter";
        /** @description The event that the simulation created. */
        SimulateEventResponse: {
            simulatedEvent?: components["schemas"]["GetEventResponse"];
        };
        /** @description Parts of a location LPC event to simulate; what is left out is generated. */
        SimulateLocationLPCEventRequest: {
            locations?: components["schemas"]["LPCLocationTarget"][] | null;
        };
        /** @description Parts of a price curve event to simulate; what is left out is generated. */
        SimulatePriceCurveEventRequest: {
            targets?: components["schemas"]["PriceCurveTarget"][] | null;
            priceCurveDelta?: components["schemas"]["PriceCurve"];
            priceArea?: components["schemas"]["PriceArea"];
        };
        /** @description Parts of a resource LPC event to simulate; what is left out is generated. */
        SimulateResourceLPCEventRequest: {
            resources?: components["schemas"]["LPCResourceTarget"][] | null;
        };
        /** @description An event payload; `payloadType` tells which of the five kinds it is. */
        SparkEventPayload: components["schemas"]["PriceCurvePayload"] | components["schemas"]["UserEligibilityPayload"] | components["schemas"]["LocationLPCPayload"] | components["schemas"]["ResourceLPCPayload"] | components["schemas"]["LPCReservationPayload"];
        /**
         * @description Kind of an event payload.
         * @enum {string}
         */
        SparkEventPayloadType: "Unknown" | "UserEligibility" | "PriceCurve" | "LocationLPC" | "ResourceLPC" | "LPCReservation";
        /** @description A report payload; `payloadType` tells which of the five kinds it is. */
        SparkReportPayload: components["schemas"]["EnergyUsageReportPayload"] | components["schemas"]["LocationEnergyUsageReportPayload"] | components["schemas"]["ResourceLPCAcknowledgmentReportPayload"] | components["schemas"]["LocationLPCAcknowledgmentReportPayload"] | components["schemas"]["LocationEnergyUsagePlanReportPayload"];
        /**
         * @description Kind of a report payload.
         * @enum {string}
         */
        SparkReportPayloadType: "EnergyUsage" | "LocationEnergyUsage" | "LocationEnergyUsagePlan" | "ResourceLPCAcknowledgement" | "LocationLPCAcknowledgement";
        /** @description Identifier of the partner (the OAuth2 client). */
        TenantId: string;
        /** @description Users that became eligible or stopped being eligible since the previous such event. */
        UserEligibilityPayload: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            payloadType: "UserEligibility";
            /** Format: date-time */
            lastUpdated: string;
            addedUsers: string[];
            removedUsers: string[];
        };
        /** @description Identifier of a user, chosen by the partner. */
        UserId: string;
        /** @description Identifier of a webhook, chosen by the service. */
        WebhookId: string;
        /** @description One attempt to deliver a notification to a webhook. */
        WebhookNotificationLog: {
            webhookId: components["schemas"]["WebhookId"];
            tenantId: components["schemas"]["TenantId"];
            partnerEventId?: components["schemas"]["EventId"];
            notificationId?: components["schemas"]["NotificationId"];
            notificationType?: components["schemas"]["NotificationType"];
            /** Format: date-time */
            notificationSent?: string;
            sparkSignature?: string | null;
            /** Format: uri */
            webhookUrl: string;
            requestTimeout?: boolean;
            /** Format: int32 */
            responseStatusCode?: number | null;
            /** Format: int64 */
            requestDurationMs?: number | null;
        };
        /**
         * @description Health of a webhook, from its recent deliveries.
         * @enum {string}
         */
        WebhookStatus: "New" | "Healthy" | "Unhealthy" | "TimeOut";
        /** @description An OAuth2 access token (RFC 6749 section 5.1). */
        TokenResponse: {
            /** @description Send as `Authorization: Bearer <access_token>`. A JWT signed with RS256 (claims `iss`, `client_id`, `scope`, `iat`, `nbf`, `exp`, `jti`); its keys are listed by `/.well-known/openid-configuration` (`jwks_uri`) on the identity host. */
            access_token: string;
            /** @constant */
            token_type: "Bearer";
            /** @description Seconds until the token expires. */
            expires_in: number;
        };
        /** @description An OAuth2 error (RFC 6749 section 5.2). */
        TokenError: {
            /** @enum {string} */
            error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope";
            error_description?: string;
        };
        /** @description Client-credentials grant. The client may authenticate with these fields or with HTTP Basic. */
        TokenRequest: {
            /** @constant */
            grant_type: "client_credentials";
            client_id?: string;
            client_secret?: string;
        };
    };
    responses: {
        /** @description No valid access token. The body is optional; the mock sends a problem document. */
        Unauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description Not found. The live service sends no body, and neither does the mock by default: it names what is missing in `X-Mock-Detail`. A deployment may send a problem document instead (`x-optional-content`; the mock does with `--error-bodies problem`), so a client must not expect one. */
        NotFound: {
            headers: {
                "X-Mock-Detail": components["headers"]["X-Mock-Detail"];
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description Not found, with a message. */
        NotFoundString: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": string;
            };
        };
        /** @description An object with this id exists already (or, in the mock sandbox, the client has reached a quota). The live service sends no body, and neither does the mock by default: it names the duplicate in `X-Mock-Detail`. A deployment may send a problem document instead (`x-optional-content`; the mock does with `--error-bodies problem`), so a client must not expect one. */
        Conflict: {
            headers: {
                "X-Mock-Detail": components["headers"]["X-Mock-Detail"];
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description The client keeps as many of these as its quota allows (mock sandbox quotas); the problem names the quota. */
        QuotaReached: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description No event was created; the client has as many webhook notifications pending as its quota allows (mock sandbox quota). They drain on their own; the problem names the quota. */
        DeliveriesPending: {
            headers: {
                /** @description Seconds to wait before trying again. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description The body is larger than the service accepts (1 MiB in the mock). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description The body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description The request is invalid; `errors` names each field and rule. */
        BadRequestProblem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["HttpValidationProblemDetails"];
            };
        };
        /** @description The request is invalid; the body is a message naming the field and rule. */
        BadRequestString: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": string;
            };
        };
    };
    parameters: {
        /** @description Page number, from 1. */
        page: number;
        /** @description Items per page, at most 1000. */
        pageSize: number;
    };
    requestBodies: never;
    headers: {
        /** @description The bearer challenge (RFC 6750), with `error="invalid_token"` when a token was sent but is unknown or expired. */
        "WWW-Authenticate": string;
        /** @description Sent by the mock only, on an answer it sends without a body: what it refused and why, e.g. `user u1 does not exist`. One line of printable ASCII (other characters percent-encoded), long ids cut short. The live service does not send it; do not rely on it beyond tests against the mock. */
        "X-Mock-Detail": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    RequestToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description A token. */
            200: {
                headers: {
                    /** @description Always `no-store`. */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description `invalid_request` or `unsupported_grant_type`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenError"];
                };
            };
            /** @description `invalid_client`: unknown client or wrong secret. Carries `WWW-Authenticate: Basic` when the client used HTTP Basic. */
            401: {
                headers: {
                    /** @description Present when the client authenticated with HTTP Basic. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenError"];
                };
            };
            /** @description `invalid_client`: too many failed attempts from this address or for this client id (mock sandbox throttling); `Retry-After` says when to try again. A client that has not failed is not throttled. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenError"];
                };
            };
        };
    };
    GetAllEvents: {
        parameters: {
            query?: {
                /** @description Page number, from 1. */
                page?: components["parameters"]["page"];
                /** @description Items per page, at most 1000. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetEventsResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
        };
    };
    GetEventById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The event's id. */
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetEventResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    PostReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostReportRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetReportResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["QuotaReached"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    GetResourceById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The resource's id. */
                resourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetResourceResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFoundString"];
        };
    };
    DeleteResourceById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The resource's id. */
                resourceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    PostPriceCurveSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulatePriceCurveEventRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulateEventResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["DeliveriesPending"];
        };
    };
    PostUserEligibilitySimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulateEventResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["DeliveriesPending"];
        };
    };
    PostLPCLocationSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulateLocationLPCEventRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulateEventResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["DeliveriesPending"];
        };
    };
    PostLPCResourceSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulateResourceLPCEventRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulateEventResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["DeliveriesPending"];
        };
    };
    PostTenantDataSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
        };
    };
    DeleteTenantDataSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    GetUsers: {
        parameters: {
            query?: {
                /** @description Page number, from 1. */
                page?: components["parameters"]["page"];
                /** @description Items per page, at most 1000. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUsersResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
        };
    };
    PostUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostUserRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUserResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    GetUserById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUserResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    DeleteUserById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    PostUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostUsersBatchRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostUsersBatchResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    GetLocationsByUserId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetLocationResponse"][];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    PostLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostLocationRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetLocationResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    GetLocationByLocationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
                /** @description The location's id. */
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetLocationResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    UpdateLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
                /** @description The location's id. */
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutLocationRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetLocationResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    DeleteLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
                /** @description The location's id. */
                locationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    PatchLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
                /** @description The location's id. */
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchLocationRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetLocationResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    PostLocations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostLocationsBatchRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostLocationsBatchResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    PostVehicle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostVehicleResourceRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetResourceResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    GetResourcesForUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUserResourcesResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    GetLocationBoundResources: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The location's id. */
                locationId: string;
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetLocationBoundResourceResponse"][];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    PostLocationBoundResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
                /** @description The location's id. */
                locationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostLocationBoundResourceRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetLocationBoundResourceResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFoundString"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    GetUserEnrollmentByUserId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUserEnrollmentResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    PostUserEnrollment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUserEnrollmentResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    DeleteUserEnrollment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    GetUserEligibilityByUserId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUserEligibilityResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    GetEligibleUsers: {
        parameters: {
            query?: {
                /** @description Page number, from 1. */
                page?: components["parameters"]["page"];
                /** @description Items per page, at most 1000. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetEligibleUsersResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
        };
    };
    FetchUserCompensation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetUserCompensationForCurrentMonthResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    GetMpidEligibility: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The meter point id. */
                mpid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetMpidEligibilityResponse"];
                };
            };
            400: components["responses"]["BadRequestString"];
            401: components["responses"]["Unauthorized"];
        };
    };
    GetWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetWebhooksResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    PostWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostWebhookRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetWebhookResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["QuotaReached"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    GetWebhookById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook's id. */
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetWebhookResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    UpdateWebhookById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook's id. */
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutWebhookRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetWebhookResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    DeleteWebhookById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook's id. */
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFoundString"];
        };
    };
    PatchWebhookById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook's id. */
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchWebhookRequest"];
            };
        };
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetWebhookResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    UpdateWebhookEnabledById: {
        parameters: {
            query: {
                /** @description `true` to enable, `false` to disable. */
                enabled: boolean;
            };
            header?: never;
            path: {
                /** @description The webhook's id. */
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    GetWebhookNotificationLogs: {
        parameters: {
            query?: {
                /** @description Only attempts for this webhook. */
                webhookId?: components["schemas"]["WebhookId"];
                /** @description Page number, from 1. */
                page?: components["parameters"]["page"];
                /** @description Items per page, at most 1000. */
                pageSize?: components["parameters"]["pageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetWebhookNotificationLogsResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
        };
    };
    GetWebhookNotificationLogById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The notification's id. */
                notificationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetWebhookNotificationLogByIdResponse"];
                };
            };
            400: components["responses"]["BadRequestProblem"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    ReceiveEventNotification: {
        parameters: {
            query?: never;
            header: {
                /** @description Base64 of HMAC-SHA256 over the raw body, keyed with the UTF-8 bytes of the webhook secret. */
                "X-Payload-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventNotification"];
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
