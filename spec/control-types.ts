// Names for the generated types of the mock's control API (spec/mock-control.d.ts), keyed by its schema names and
// operationIds, like types.ts for the API. Import with `import type`.
import type { components, operations } from "./mock-control.js";

export type ControlSchemas = components["schemas"];
export type ControlSchema<Name extends keyof ControlSchemas> = ControlSchemas[Name];
export type ControlOperationId = keyof operations;

export type Clock = ControlSchemas["Clock"];
export type SetClockRequest = ControlSchemas["SetClockRequest"];
export type DeliveryResult = ControlSchemas["DeliveryResult"];
export type RequestJournal = ControlSchemas["RequestJournal"];
export type JournalEntry = ControlSchemas["JournalEntry"];
export type Faults = ControlSchemas["Faults"];
