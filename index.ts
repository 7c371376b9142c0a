// The package's library: start the mock inside a partner's own tests, run the contract suite or the fuzzer from code, check
// webhook signatures in a partner's receiver, and the types of every schema and operation of the spec.
export { startMock, StartError, type StartMockOptions, type StartedMock, type MockClock, type MockFaults } from "./mock/start.js";
export { FAULT_HEADER } from "./mock/faults/faults.js";
export { createApp, contextOf } from "./mock/http/app.js";
export { DEMO_CLIENT, type ClientCredentials, type MockOptions, type WebhookOptions } from "./mock/context.js";
export type { SeedData, SeedResource } from "./mock/domain/seed.js";
export { runContract, type ContractOptions, type Report, type StepResult, type StepFailure } from "./contract-tests/runner.js";
export { runFuzz, type FuzzOptions } from "./fuzz/run.js";
export type { FuzzReport, FuzzFailure } from "./fuzz/runner.js";
export { createClient, ClientError, type ClientOptions, type ClientErrorCode, type EnergyClient, type Result } from "./client/index.js";
export { createReceiver, type ReceiverOptions, type ReceivedNotification } from "./receiver/receiver.js";
export { signPayload, verifySignature, SIGNATURE_HEADER } from "./mock/push/signature.js";
export { SPEC_PATH as specPath } from "./spec/openapi.js";
export type { paths, components, operations, webhooks } from "./spec/schema.js";
export type * from "./spec/types.js";
export type { Clock, SetClockRequest, DeliveryResult, RequestJournal, JournalEntry, Faults, ControlSchema, ControlOperationId } from "./spec/control-types.js";
export type { paths as controlPaths, operations as controlOperations } from "./spec/mock-control.js";
export { CONTROL_SPEC_PATH as controlSpecPath } from "./spec/paths.js";
