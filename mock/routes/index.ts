// Every handler map of the API, one per noun; the app gives them to the route table (routing.ts), which checks that
// each operation of the spec is in exactly one.
import type { HandlerMap } from "../http/handler.js";
import { compensation } from "./compensation.js";
import { events } from "./events.js";
import { locations } from "./locations.js";
import { program } from "./program.js";
import { reports } from "./reports.js";
import { resources } from "./resources.js";
import { simulation } from "./simulation.js";
import { users } from "./users.js";
import { webhooks } from "./webhooks.js";

export const HANDLER_MAPS: readonly HandlerMap[] = [users, locations, resources, program, events, simulation, webhooks, reports, compensation];
