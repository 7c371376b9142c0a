// The checks beyond each answer's shape, as they run inside Postman (and newman): what a deployment stored (read-backs
// after writes), lists walked page by page, isolation from a second client, the refusals partners rely on, the
// OAuth2 and bearer-token headers and the deployment's clock. `differences` and `paginationIssues` are the contract
// suite's rules (contract-tests/comparison.ts, contract-tests/pagination.ts) written for the sandbox; checks.test.ts
// proves both give the same issues. Plain ES2017: the Postman app runs it too.

/** How many pages of pageSize 1 a list walk reads from the front (then the last page and the one past it). */
export const WALK_PAGES = 3;
/** Pages of 1000 a search for the run's own objects reads on a busy deployment. */
export const SEARCH_PAGES = 20;
/** Date-times in answers lie within this many hours of the deployment's clock (a price curve covers the next local day). */
export const DATE_TIME_WINDOW_HOURS = { before: 48, after: 72 };
/** Dates (a compensation period) lie within this many days of the deployment's clock. */
export const DATE_WINDOW_DAYS = 31;

/** Why an isolation check did not run, shown as the skipped test's name. */
export const NO_SECOND_CLIENT = "skipped: set client2_id and client2_secret (a second client of the same deployment) to check isolation";

/** Sandbox functions by name; a request's test script carries the ones it calls (see withLibrary). */
const LIBRARY: Record<string, string[]> = {
  differences: [
    "// The fields of `sent` that `received` does not echo (objects on the sent keys; arrays and scalars equal).",
    "function differences(sent, received, pointer) {",
    '  pointer = pointer || "";',
    '  function show(v) { return v === undefined ? "nothing" : JSON.stringify(v); }',
    '  function isObject(x) { return typeof x === "object" && x !== null && !Array.isArray(x); }',
    "  function at(message) {",
    '    const field = pointer.split("/").slice(1).map(function (p) { return p.replace(/~1/g, "/").replace(/~0/g, "~"); })',
    '      .reduce(function (acc, p) { return /^\\d+$/.test(p) ? acc + "[" + p + "]" : acc + "." + p; }, "body");',
    '    return [{ field: field, pointer: pointer || "/", message: message }];',
    "  }",
    "  if (isObject(sent)) {",
    '    if (!isObject(received)) return at("expected an object, got " + show(received));',
    "    return Object.keys(sent).reduce(function (all, key) {",
    '      return all.concat(differences(sent[key], received[key], pointer + "/" + key.replace(/~/g, "~0").replace(/\\//g, "~1")));',
    "    }, []);",
    "  }",
    "  if (Array.isArray(sent)) {",
    '    if (!Array.isArray(received) || received.length !== sent.length) return at("expected " + show(sent) + ", got " + show(received));',
    '    return sent.reduce(function (all, v, i) { return all.concat(differences(v, received[i], pointer + "/" + i)); }, []);',
    "  }",
    "  if (sent === received) return [];",
    '  return at(received === undefined ? "is missing (sent " + show(sent) + ")" : "expected " + show(sent) + ", got " + show(received));',
    "}",
  ],
  paginationIssues: [
    "// The ways a page contradicts itself or the request (page, pageSize).",
    "function paginationIssues(pagination, items, page, pageSize, itemsName) {",
    "  const issues = [];",
    '  function issue(name, message) { issues.push({ field: "body.pagination." + name, pointer: "/pagination/" + name, message: message }); }',
    "  const totalRecords = pagination.totalRecords;",
    '  if (pagination.currentPage !== page) issue("currentPage", "expected " + page + " (the requested page), got " + pagination.currentPage);',
    '  if (pagination.pageSize !== pageSize) issue("pageSize", "expected " + pageSize + " (the requested pageSize), got " + pagination.pageSize);',
    "  const pages = Math.ceil(totalRecords / pageSize);",
    "  if (pagination.totalPages !== undefined && pagination.totalPages !== pages && !(totalRecords === 0 && pagination.totalPages === 1)) {",
    '    issue("totalPages", "expected " + pages + " (" + totalRecords + " records / pageSize " + pageSize + "), got " + pagination.totalPages);',
    "  }",
    "  if (pagination.nextPage !== undefined) {",
    "    const next = page < pages ? page + 1 : null;",
    '    if (pagination.nextPage !== next) issue("nextPage", "expected " + next + " on page " + page + " of " + pages + ", got " + pagination.nextPage);',
    "  }",
    "  if (pagination.previousPage !== undefined) {",
    "    const previous = page > 1 ? page - 1 : null;",
    '    if (pagination.previousPage !== previous) issue("previousPage", "expected " + previous + " on page " + page + ", got " + pagination.previousPage);',
    "  }",
    "  const count = Math.max(0, Math.min(pageSize, totalRecords - (page - 1) * pageSize));",
    "  const got = items ? items.length : 0;",
    "  if (got !== count) {",
    '    issues.push({ field: "body." + itemsName, pointer: "/" + itemsName, message: "expected " + count + " items (page " + page + ", pageSize " + pageSize + ", " + totalRecords + " records), got " + got });',
    "  }",
    "  return issues;",
    "}",
  ],
  explain: [
    "// Issues as one line: `body.field message; ...`.",
    "function explain(issues) {",
    '  return issues.map(function (i) { return typeof i === "string" ? i : i.field + " " + i.message; }).join("; ");',
    "}",
  ],
  filled: [
    "// A value of the build with the run's variables filled in.",
    "function filled(value) {",
    "  return JSON.parse(pm.variables.replaceIn(JSON.stringify(value)));",
    "}",
  ],
  sent: [
    "// The JSON body this request sent, variables filled in.",
    "function sent() {",
    "  return JSON.parse(pm.variables.replaceIn(pm.request.body.raw));",
    "}",
  ],
  without: [
    "function without(value, keys) {",
    "  const copy = Object.assign({}, value);",
    "  keys.forEach(function (k) { delete copy[k]; });",
    "  return copy;",
    "}",
  ],
  remember: [
    "// Keeps what a write stored, for the read-back after a later partial write (PATCH).",
    "function remember(variable, value) {",
    "  pm.collectionVariables.set(variable, JSON.stringify(value));",
    "}",
  ],
  remembered: [
    "function remembered(variable) {",
    '  return JSON.parse(pm.collectionVariables.get(variable) || "{}");',
    "}",
  ],
  call: [
    "// Sends one more request to the API: path under baseUrl (variables filled in), the request's own token unless",
    "// `token` is given (null: none), `body` as JSON or `raw` text of `contentType`. Errors become a failed test named",
    "// `name` (a throw in a callback would be lost).",
    "function call(name, method, path, options, then) {",
    '  const url = pm.variables.get("baseUrl") + pm.variables.replaceIn(path);',
    '  const header = { Accept: "application/json" };',
    '  const own = pm.request.headers.get("Authorization") || "Bearer " + pm.collectionVariables.get("accessToken");',
    "  const auth = options.token === undefined ? own : options.token;",
    "  if (auth) header.Authorization = auth;",
    "  const request = { url: url, method: method, header: header };",
    "  if (options.body !== undefined || options.raw !== undefined) {",
    '    header["Content-Type"] = options.contentType || "application/json";',
    '    request.body = { mode: "raw", raw: options.raw !== undefined ? options.raw : JSON.stringify(options.body) };',
    "  }",
    "  pm.sendRequest(request, function (err, res) {",
    '    if (err) return pm.test(name, function () { throw new Error(method + " " + url + " failed: " + err.message); });',
    "    let body;",
    "    try {",
    "      body = res.text() ? res.json() : undefined;",
    "    } catch (e) {",
    "      body = undefined;",
    "    }",
    "    then(res, body, method + \" \" + url);",
    "  });",
    "}",
  ],
  errorBody: [
    "// What is wrong with a refusal's body: one that is sent must be JSON, and a problem document (RFC 9457) names",
    "// the HTTP status it came with.",
    "function errorBody(res) {",
    "  if (!res.text()) return null;",
    '  const type = res.headers.get("Content-Type") || "";',
    '  if (type.indexOf("json") < 0) return "a " + res.code + " body must be JSON (application/json or application/problem+json), got " + (type || "no Content-Type");',
    "  let body;",
    "  try { body = res.json(); } catch (e) { return \"the \" + res.code + \" body is not JSON: \" + res.text().slice(0, 100); }",
    '  if (body && typeof body === "object" && typeof body.status === "number" && body.status !== res.code) {',
    '    return "RFC 9457: the problem document says status " + body.status + ", the answer is " + res.code;',
    "  }",
    "  return null;",
    "}",
  ],
  readBack: [
    "// Reads `path` back and compares it with what was written, field by field.",
    "function readBack(what, path, expected) {",
    '  const name = what + " reads back as written";',
    '  call(name, "GET", path, {}, function (res, body, request) {',
    "    pm.test(name, function () {",
    '      if (res.code !== 200) throw new Error(request + " answered " + res.code + ", expected 200: " + res.text().slice(0, 200));',
    "      const issues = differences(expected, body);",
    '      if (issues.length) throw new Error(request + " differs from what was written: " + explain(issues));',
    "    });",
    "  });",
    "}",
  ],
  gone: [
    "// After a delete: reading `path` answers 404.",
    "function gone(what, path) {",
    '  const name = what + " is gone (404) after the delete";',
    '  call(name, "GET", path, {}, function (res, body, request) {',
    "    pm.test(name, function () {",
    '      if (res.code !== 404) throw new Error(request + " answered " + res.code + ", expected 404: " + res.text().slice(0, 200));',
    "      const problem = errorBody(res);",
    '      if (problem) throw new Error(request + ": " + problem);',
    "    });",
    "  });",
    "}",
  ],
  removed: [
    "// Deletes `path` (204, or 404 when it is gone already) and reads it back: 404.",
    "function removed(what, path) {",
    '  const name = what + " is deleted";',
    '  call(name, "DELETE", path, {}, function (res, body, request) {',
    "    pm.test(name, function () {",
    '      if (res.code !== 204 && res.code !== 404) throw new Error(request + " answered " + res.code + ", expected 204: " + res.text().slice(0, 200));',
    "    });",
    "    gone(what, path);",
    "  });",
    "}",
  ],
  enabledSticks: [
    "// The enabled flag this request set (false) shows in GET; setting it back to true shows too. In sequence.",
    "function enabledSticks(path) {",
    '  const name = "the webhook\'s enabled flag reads back as set";',
    "  function expectEnabled(value, then) {",
    '    call(name, "GET", path, {}, function (res, body, request) {',
    "      const problem = res.code !== 200 ? request + \" answered \" + res.code : body.enabled !== value ? request + \" says enabled \" + body.enabled + \" after enabled=\" + value : null;",
    "      if (problem) return pm.test(name, function () { throw new Error(problem); });",
    "      then();",
    "    });",
    "  }",
    "  expectEnabled(false, function () {",
    '    call(name, "PUT", path + "/enabled?enabled=true", {}, function (res, body, request) {',
    '      if (res.code !== 204) return pm.test(name, function () { throw new Error(request + " answered " + res.code + ", expected 204"); });',
    "      expectEnabled(true, function () { pm.test(name, function () {}); });",
    "    });",
    "  });",
    "}",
  ],
  refused: [
    "// A request the deployment must refuse, with one of `statuses`.",
    "function refused(what, method, path, body, statuses, options) {",
    '  const name = "refuses " + what + " (" + statuses.join(" or ") + ")";',
    "  call(name, method, path, Object.assign({ body: body }, options), function (res, answer, request) {",
    "    pm.test(name, function () {",
    "      if (statuses.indexOf(res.code) < 0) {",
    '        throw new Error(request + " answered " + res.code + ", expected " + statuses.join(" or ") + ": " + res.text().slice(0, 200));',
    "      }",
    "      const problem = errorBody(res);",
    '      if (problem) throw new Error(request + ": " + problem);',
    "    });",
    "  });",
    "}",
  ],
  idsOf: [
    "function idsOf(items, idField) {",
    "  return (items || []).map(function (x) { return x[idField]; });",
    "}",
  ],
  holdsExactly: [
    "// A list of the run's own objects holds exactly these ids, once each.",
    "function holdsExactly(what, items, idField, expected) {",
    '  pm.test("the " + what + " holds exactly the run\'s " + idField + "s", function () {',
    "    const got = idsOf(items, idField).slice().sort();",
    "    const want = filled(expected).slice().sort();",
    '    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error("the " + what + ": expected " + idField + "s " + JSON.stringify(want) + ", got " + JSON.stringify(got));',
    "  });",
    "}",
  ],
  holds: [
    "// A list holds these ids (and maybe others).",
    "function holds(what, items, idField, expected) {",
    '  pm.test("the " + what + " holds the run\'s " + idField + "s", function () {',
    "    const got = idsOf(items, idField);",
    "    const missing = filled(expected).filter(function (id) { return got.indexOf(id) < 0; });",
    '    if (missing.length) throw new Error("the " + what + " lacks " + missing.join(", "));',
    "  });",
    "}",
  ],
  pageUrl: [
    "function pageUrl(path, query, page, pageSize) {",
    '  return path + "?" + (query ? query + "&" : "") + "page=" + page + "&pageSize=" + pageSize;',
    "}",
  ],
  searchPages: [
    "// Reads a list in pages of 1000 (at most SEARCH_PAGES) as `token`'s client; calls back with every id, or an error.",
    "function searchPages(name, path, query, itemsName, idField, token, then) {",
    "  const ids = [];",
    "  function read(page) {",
    `    call(name, "GET", pageUrl(path, query, page, 1000), { token: token }, function (res, body, request) {`,
    '      if (res.code !== 200 || !body || !body.pagination) return then(ids, request + " answered " + res.code + ": " + res.text().slice(0, 200));',
    "      idsOf(body[itemsName], idField).forEach(function (id) { ids.push(id); });",
    `      if (page >= Math.ceil(body.pagination.totalRecords / 1000) || page >= ${SEARCH_PAGES}) return then(ids);`,
    "      read(page + 1);",
    "    });",
    "  }",
    "  read(1);",
    "}",
  ],
  lists: [
    "// The run's own objects are in the list (searched page by page on a busy deployment).",
    "function lists(what, path, query, itemsName, idField, expected) {",
    '  const name = "the " + what + " holds the run\'s " + idField + "s";',
    "  searchPages(name, path, query, itemsName, idField, undefined, function (ids, error) {",
    "    pm.test(name, function () {",
    "      if (error) throw new Error(error);",
    "      const missing = filled(expected).filter(function (id) { return ids.indexOf(id) < 0; });",
    '      if (missing.length) throw new Error("the " + what + " lacks " + missing.join(", "));',
    "    });",
    "  });",
    "}",
  ],
  walkPages: [
    `// Walks the list in pages of 1: the first ${WALK_PAGES}, the last and the one past it. Each page must agree with`,
    "// the request and with this answer (page 1 of 100), with no id twice and none left out.",
    "function walkPages(what, path, query, itemsName, idField) {",
    '  const name = "the " + what + " in pages of 1: coherent, no repeats, no gaps";',
    "  const main = pm.response.json();",
    "  const issues = paginationIssues(main.pagination, main[itemsName], 1, 100, itemsName).map(function (i) {",
    '    return "page 1 of pageSize 100: " + i.field + " " + i.message;',
    "  });",
    "  const total = main.pagination.totalRecords;",
    "  const firstIds = idsOf(main[itemsName], idField);",
    "  const pages = [];",
    `  for (let p = 1; p <= Math.min(${WALK_PAGES}, total); p++) pages.push(p);`,
    "  if (total > pages.length) pages.push(total);",
    "  pages.push(total + 1);",
    "  const seen = {};",
    "  function read(i) {",
    "    if (i >= pages.length) return pm.test(name, function () { if (issues.length) throw new Error(\"the \" + what + \": \" + explain(issues)); });",
    "    const page = pages[i];",
    '    call(name, "GET", pageUrl(path, query, page, 1), {}, function (res, body, request) {',
    '      if (res.code !== 200 || !body || !body.pagination) issues.push(request + " answered " + res.code + ": " + res.text().slice(0, 200));',
    "      else {",
    "        paginationIssues(body.pagination, body[itemsName], page, 1, itemsName).forEach(function (x) {",
    '          issues.push("page " + page + " of pageSize 1: " + x.field + " " + x.message);',
    "        });",
    "        if (body.pagination.totalRecords !== total) {",
    '          issues.push("page " + page + " of pageSize 1: body.pagination.totalRecords is " + body.pagination.totalRecords + ", page 1 of 100 said " + total);',
    "        }",
    "        const id = idsOf(body[itemsName], idField)[0];",
    "        if (id !== undefined && seen[id]) issues.push(\"page \" + page + \" of pageSize 1 repeats \" + id + \" of page \" + seen[id]);",
    "        if (id !== undefined) seen[id] = page;",
    "        if (page <= 100 && page <= total && id !== firstIds[page - 1]) {",
    '          issues.push("page " + page + " of pageSize 1 holds " + id + ", item " + page + " of page 1 of 100 is " + firstIds[page - 1]);',
    "        }",
    "      }",
    "      read(i + 1);",
    "    });",
    "  }",
    "  read(0);",
    "}",
  ],
  eachNames: [
    "// Every item of a list names the parent it was listed under (when it names one at all).",
    "function eachNames(what, items, field, expected) {",
    '  pm.test("every item of the " + what + " names its " + field, function () {',
    "    const want = filled(expected);",
    "    (items || []).forEach(function (item, i) {",
    '      if (item[field] != null && item[field] !== want) throw new Error("the " + what + ": item " + i + " names " + field + " " + JSON.stringify(item[field]) + ", expected " + JSON.stringify(want));',
    "    });",
    "  });",
    "}",
  ],
  tooLarge: [
    "// A body over the deployment's limit (maxBodyBytes, when set) gets 413.",
    "function tooLarge(path) {",
    '  const limit = Number(pm.variables.get("maxBodyBytes") || 0);',
    '  const name = "refuses a body over maxBodyBytes (413)";',
    '  if (!limit) return pm.test.skip(name + " (skipped: set maxBodyBytes to the deployment\'s request size limit to check it)", function () {});',
    '  refused("a body over maxBodyBytes", "POST", path, undefined, [413], { raw: JSON.stringify({ padding: new Array(limit + 1).join("x") }) });',
    "}",
  ],
  userCount: [
    "// The number of users of the client, from the user list's totalRecords.",
    "function userCount(name, then) {",
    '  call(name, "GET", "/users?page=1&pageSize=1", {}, function (res, body, request) {',
    '    if (res.code !== 200 || !body || !body.pagination) return pm.test(name, function () { throw new Error(request + " answered " + res.code); });',
    "    then(body.pagination.totalRecords);",
    "  });",
    "}",
  ],
  usersChanged: [
    "// After a partner simulation: the user count grew (`grew`) or is back to what it was before (usersBefore).",
    "function usersChanged(what, grew) {",
    '  const before = Number(pm.collectionVariables.get("usersBefore"));',
    "  userCount(what, function (now) {",
    "    pm.test(what, function () {",
    '      if (grew ? !(now > before) : now !== before) throw new Error("the user list has " + now + " users, " + before + " before the simulated partner data");',
    "    });",
    "  });",
    "}",
  ],
  asSecondClient: [
    "// Runs `then(token)` with a second client's token (client2_id, client2_secret), or shows why the check is skipped.",
    "// The checks of one script share one token request.",
    "function asSecondClient(name, then) {",
    '  const id = pm.variables.get("client2_id");',
    '  const secret = pm.variables.get("client2_secret");',
    `  if (!id || !secret) return pm.test.skip(name + " (${NO_SECOND_CLIENT})", function () {});`,
    '  const cached = pm.collectionVariables.get("secondAccessToken");',
    '  const expiresAt = Number(pm.collectionVariables.get("secondAccessTokenExpiresAt") || 0);',
    '  if (cached && Date.now() < expiresAt - 60 * 1000) return then("Bearer " + cached);',
    "  const waiting = asSecondClient.waiting = asSecondClient.waiting || [];",
    "  waiting.push({ name: name, then: then });",
    "  if (waiting.length > 1) return;",
    "  pm.sendRequest({",
    '    url: pm.variables.get("tokenUrl"),',
    '    method: "POST",',
    '    header: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },',
    '    body: { mode: "urlencoded", urlencoded: [{ key: "grant_type", value: "client_credentials" }, { key: "client_id", value: id }, { key: "client_secret", value: secret }] },',
    "  }, function (err, res) {",
    "    asSecondClient.waiting = [];",
    "    if (err || res.code !== 200) {",
    '      const problem = "the second client\'s token request failed: " + (err ? err.message : res.code + " " + res.text());',
    "      return waiting.forEach(function (w) { pm.test(w.name, function () { throw new Error(problem); }); });",
    "    }",
    "    const token = res.json();",
    '    pm.collectionVariables.set("secondAccessToken", token.access_token);',
    '    pm.collectionVariables.set("secondAccessTokenExpiresAt", String(Date.now() + Number(token.expires_in) * 1000));',
    '    waiting.forEach(function (w) { w.then("Bearer " + token.access_token); });',
    "  });",
    "}",
  ],
  isolated: [
    "// A second client gets 404 for the run's object at `path`.",
    "function isolated(what, method, path) {",
    '  const name = "a second client gets 404 for " + what;',
    "  asSecondClient(name, function (token) {",
    "    call(name, method, path, { token: token }, function (res, body, request) {",
    "      pm.test(name, function () {",
    '        if (res.code !== 404) throw new Error(request + " as the second client answered " + res.code + ", expected 404: " + res.text().slice(0, 200));',
    "        const problem = errorBody(res);",
    '        if (problem) throw new Error(request + ": " + problem);',
    "      });",
    "    });",
    "  });",
    "}",
  ],
  isolatedList: [
    "// A second client's list holds none of the run's ids (a paged list read whole, in pages of 1000; `itemsName`",
    "// null: a bare array). A 404 (the parent is not the second client's) holds none either.",
    "function isolatedList(what, path, query, itemsName, idField, expected, paged) {",
    '  const name = "a second client\'s " + what + " holds none of the run\'s " + idField + "s";',
    "  asSecondClient(name, function (token) {",
    "    function judge(ids, error) {",
    "      pm.test(name, function () {",
    "        if (error) throw new Error(error);",
    "        const leaked = filled(expected).filter(function (id) { return ids.indexOf(id) >= 0; });",
    '        if (leaked.length) throw new Error("the second client\'s " + what + " holds " + leaked.join(", "));',
    "      });",
    "    }",
    "    if (paged) return searchPages(name, path, query, itemsName, idField, token, judge);",
    '    call(name, "GET", path + (query ? "?" + query : ""), { token: token }, function (res, body, request) {',
    "      if (res.code === 404) return judge([]);",
    '      if (res.code !== 200) return judge([], request + " answered " + res.code + ": " + res.text().slice(0, 200));',
    "      judge(idsOf(itemsName ? (body || {})[itemsName] : body, idField));",
    "    });",
    "  });",
    "}",
  ],
  unauthorized: [
    "// RFC 6750 §3: a request without a token, and one with a token nobody issued, answer 401 with a Bearer challenge.",
    "function unauthorized(path) {",
    "  [",
    '    { what: "no token", token: null, error: null },',
    '    { what: "a token nobody issued", token: "Bearer not-a-token-of-this-deployment", error: "invalid_token" },',
    "  ].forEach(function (probe) {",
    '    const name = "RFC 6750 §3: " + probe.what + " gets 401 with WWW-Authenticate: Bearer" + (probe.error ? " error=\\"" + probe.error + "\\"" : "");',
    '    call(name, "GET", path, { token: probe.token }, function (res, body, request) {',
    "      pm.test(name, function () {",
    '        const challenge = res.headers.get("WWW-Authenticate") || "";',
    '        if (res.code !== 401) throw new Error(request + " with " + probe.what + " answered " + res.code + ", expected 401");',
    '        if (!/^bearer\\b/i.test(challenge)) throw new Error(request + " with " + probe.what + ": expected a WWW-Authenticate: Bearer challenge, got " + (challenge ? JSON.stringify(challenge) : "none"));',
    '        if (probe.error && challenge.indexOf("error=\\"" + probe.error + "\\"") < 0) throw new Error(request + " with " + probe.what + ": the challenge lacks error=\\"" + probe.error + "\\": " + challenge);',
    "      });",
    "    });",
    "  });",
    "}",
  ],
  wrongSecret: [
    "// RFC 6749 §5.2: a wrong client secret gets 400 or 401 with error invalid_client.",
    "function wrongSecret() {",
    '  const name = "RFC 6749 §5.2: a wrong client secret gets error invalid_client";',
    "  pm.sendRequest({",
    '    url: pm.variables.get("tokenUrl"),',
    '    method: "POST",',
    '    header: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },',
    '    body: { mode: "urlencoded", urlencoded: [{ key: "grant_type", value: "client_credentials" }, { key: "client_id", value: pm.variables.get("client_id") }, { key: "client_secret", value: "not-the-secret" }] },',
    "  }, function (err, res) {",
    "    pm.test(name, function () {",
    "      if (err) throw new Error(err.message);",
    '      if (res.code !== 400 && res.code !== 401) throw new Error("the token endpoint answered " + res.code + " to a wrong secret, expected 400 or 401");',
    "      let body = {};",
    "      try { body = res.json(); } catch (e) { body = {}; }",
    '      if (body.error !== "invalid_client") throw new Error("expected error invalid_client, got " + JSON.stringify(body.error));',
    "    });",
    "  });",
    "}",
  ],
  serverNow: [
    "// The deployment's clock: the answer's Date header (RFC 9110), or this machine's when there is none.",
    "function serverNow() {",
    '  const date = Date.parse(pm.response.headers.get("Date") || "");',
    "  return isNaN(date) ? Date.now() : date;",
    "}",
  ],
  inCurrentPeriod: [
    "// A period (from, to: dates) that holds the deployment's today, a day either way for time zones.",
    "function inCurrentPeriod(what, period) {",
    '  pm.test(what + " is the deployment\'s current month", function () {',
    "    const now = serverNow();",
    "    const day = 24 * 3600 * 1000;",
    '    const from = Date.parse(period.from + "T00:00:00Z");',
    '    const to = Date.parse(period.to + "T00:00:00Z") + day;',
    '    if (!(from <= now + day && now - day < to)) throw new Error(what + " is " + period.from + " to " + period.to + ", the deployment\'s Date is " + new Date(now).toISOString());',
    '    if (to - from > 31 * day) throw new Error(what + " is " + period.from + " to " + period.to + ": longer than a month");',
    "  });",
    "}",
  ],
  meterEcho: [
    "// The deprecated meterPointId, when sent back, mirrors the first of meterPointIds.",
    "function meterEcho(what, location) {",
    '  pm.test(what + " echoes the first of meterPointIds as meterPointId", function () {',
    "    if (location.meterPointId == null) return;",
    "    const first = (location.meterPointIds || [])[0];",
    '    if (location.meterPointId !== first) throw new Error(what + ": meterPointId is " + JSON.stringify(location.meterPointId) + ", meterPointIds[0] is " + JSON.stringify(first));',
    "  });",
    "}",
  ],
};

/** The library functions a script calls, transitively, in library order. */
function needed(lines: string[]): string[] {
  const names = new Set<string>();
  const scan = (text: string) => {
    for (const name of Object.keys(LIBRARY)) {
      if (names.has(name) || !new RegExp(`\\b${name}\\(`).test(text)) continue;
      names.add(name);
      scan(LIBRARY[name]!.join("\n"));
    }
  };
  scan(lines.join("\n"));
  return Object.keys(LIBRARY).filter((n) => names.has(n));
}

/** The script followed by the library functions it calls. */
export function withLibrary(lines: string[]): string[] {
  return [...lines, ...needed(lines).flatMap((n) => LIBRARY[n]!)];
}

/** One library function's source, for the tests that run it outside the sandbox. */
export const librarySource = (name: string): string => (LIBRARY[name] ?? []).join("\n");

// Builders of the lines a request's `after` holds; paths and expected values may carry {{variables}}.
const js = (value: unknown) => JSON.stringify(value);

/** Reads `path` back and compares it with `expected` (a sandbox expression; default: the body this request sent). */
export const readBack = (what: string, path: string, expected = "sent()") => `readBack(${js(what)}, ${js(path)}, ${expected});`;
/** A sandbox expression: a value of the build with the run's variables filled in. */
export const filledValue = (value: unknown) => `filled(${js(value)})`;
/** Like readBack, with the path a sandbox expression. */
export const readBackAt = (what: string, pathExpression: string, expected: string) => `readBack(${js(what)}, ${pathExpression}, ${expected});`;
export const gone = (what: string, path: string) => `gone(${js(what)}, ${js(path)});`;
export const refused = (what: string, method: string, path: string, body: string | undefined, statuses: number[]) =>
  `refused(${js(what)}, ${js(method)}, ${js(path)}, ${body ?? "undefined"}, ${js(statuses)});`;
/** A body that is not JSON gets 415. */
export const unsupported = (what: string, path: string) =>
  `refused(${js(`${what} sent as text/plain`)}, "POST", ${js(path)}, undefined, [415], { raw: "not json", contentType: "text/plain" });`;
export const removed = (what: string, path: string) => `removed(${js(what)}, ${js(path)});`;
export const isolated = (what: string, path: string, method = "GET") => `isolated(${js(what)}, ${js(method)}, ${js(path)});`;

export interface ListShape {
  /** Path of the list, variables allowed. */
  path: string;
  /** Query besides page and pageSize. */
  query?: string;
  /** Property holding the items; null: the body is a bare array. */
  items: string | null;
  /** The id property of an item. */
  id: string;
  /** Whether the list takes page and pageSize. */
  paged?: boolean;
  /** Fields every item must carry with these values, when it carries them (the parents it is listed under). */
  parents?: Record<string, string>;
}

/**
 * Checks of a list answer: a paged list is walked page by page; the run's ids (`own.ids`, variables) are in it
 * (`exactly`: and nothing else); a second client's list holds none of them.
 */
export function listChecks(what: string, list: ListShape, own: { ids: string[]; exactly?: boolean }): string[] {
  const { path, query = "", items, id, paged = false, parents = {} } = list;
  const answer = items === null ? "pm.response.json()" : `pm.response.json().${items}`;
  const ids = js(own.ids);
  const lines: string[] = [];
  if (paged) lines.push(`walkPages(${js(what)}, ${js(path)}, ${js(query)}, ${js(items)}, ${js(id)});`);
  if (own.exactly) lines.push(`holdsExactly(${js(what)}, ${answer}, ${js(id)}, ${ids});`);
  else if (own.ids.length && paged) lines.push(`lists(${js(what)}, ${js(path)}, ${js(query)}, ${js(items)}, ${js(id)}, ${ids});`);
  else if (own.ids.length) lines.push(`holds(${js(what)}, ${answer}, ${js(id)}, ${ids});`);
  for (const [field, value] of Object.entries(parents)) lines.push(`eachNames(${js(what)}, ${answer}, ${js(field)}, ${js(value)});`);
  if (own.ids.length) lines.push(`isolatedList(${js(what)}, ${js(path)}, ${js(query)}, ${js(items)}, ${js(id)}, ${ids}, ${paged});`);
  return lines;
}

/**
 * The collection-level test script: runs after every request of the collection. Token answers follow RFC 6749
 * §5.1, every 401 carries a Bearer challenge (RFC 6750 §3), no webhook answer carries the webhook secret, and the date-times of an answer lie near the
 * deployment's clock (its Date header). Lists of everything a client ever had are left out of the clock check.
 */
export const COLLECTION_TESTS: string[] = [
  "// Checks that apply to every answer; generated by scripts/build-postman.ts (npm run build:postman).",
  "(function () {",
  '  const tokenEndpoint = pm.request.auth && pm.request.auth.type === "noauth";',
  "  if (tokenEndpoint && pm.response.code === 200) {",
  '    pm.test("RFC 6749 §5.1: the token answer is not cacheable and names its type and lifetime", function () {',
  "      const issues = [];",
  '      const cacheControl = pm.response.headers.get("Cache-Control") || "";',
  '      if (!/(^|,)\\s*no-store\\s*(,|$)/i.test(cacheControl)) issues.push("Cache-Control must be no-store, got " + (cacheControl ? JSON.stringify(cacheControl) : "none"));',
  "      let token = {};",
  "      try { token = pm.response.json(); } catch (e) { token = {}; }",
  '      if (typeof token.access_token !== "string" || !token.access_token) issues.push("access_token must be a non-empty string");',
  '      if (typeof token.token_type !== "string" || token.token_type.toLowerCase() !== "bearer") issues.push("token_type must be Bearer, got " + JSON.stringify(token.token_type));',
  '      if (!(Number.isInteger(token.expires_in) && token.expires_in > 0)) issues.push("expires_in must be a positive whole number of seconds, got " + JSON.stringify(token.expires_in));',
  '      if (issues.length) throw new Error(issues.join("; "));',
  "    });",
  "  }",
  "  if (!tokenEndpoint && pm.response.code === 401) {",
  '    pm.test("RFC 6750 §3: a 401 carries WWW-Authenticate: Bearer", function () {',
  '      const challenge = pm.response.headers.get("WWW-Authenticate") || "";',
  '      if (!/^bearer\\b/i.test(challenge)) throw new Error("expected a WWW-Authenticate: Bearer challenge, got " + (challenge ? JSON.stringify(challenge) : "none"));',
  "    });",
  "  }",
  '  const secret = pm.variables.get("webhookSecret") || "";',
  '  if (!tokenEndpoint && secret.length >= 8 && pm.request.url.path.indexOf("webhooks") >= 0) {',
  '    pm.test("the webhook secret is never sent back", function () {',
  '      if (pm.response.text().indexOf(secret) >= 0) throw new Error("the answer carries the webhook secret");',
  "    });",
  "  }",
  "  if (tokenEndpoint || pm.response.code >= 300) return;",
  '  const date = Date.parse(pm.response.headers.get("Date") || "");',
  '  pm.test("the answer carries a Date header (the deployment\'s clock)", function () {',
  '    if (isNaN(date)) throw new Error("no Date header, or not a date: " + JSON.stringify(pm.response.headers.get("Date")));',
  "  });",
  "  if (isNaN(date)) return;",
  // Lists of everything a client ever had may hold old objects; the URL is resolved here (baseUrl's path first).
  '  const path = "/" + pm.request.url.path.join("/");',
  '  const history = ["/users", "/users/eligible", "/events", "/webhooks"].some(function (list) { return path.slice(-list.length) === list; });',
  '  if (pm.request.method === "GET" && history) return;',
  "  let body;",
  "  try { body = pm.response.json(); } catch (e) { return; }",
  "  const hour = 3600 * 1000;",
  "  const issues = [];",
  "  (function walk(value, field) {",
  '    if (typeof value === "string") {',
  `      const dateTime = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}/.test(value);`,
  `      const dateOnly = /^\\d{4}-\\d{2}-\\d{2}$/.test(value);`,
  "      if (!dateTime && !dateOnly) return;",
  '      const t = Date.parse(dateOnly ? value + "T12:00:00Z" : value);',
  `      const before = dateTime ? ${DATE_TIME_WINDOW_HOURS.before} * hour : ${DATE_WINDOW_DAYS} * 24 * hour;`,
  `      const after = dateTime ? ${DATE_TIME_WINDOW_HOURS.after} * hour : ${DATE_WINDOW_DAYS} * 24 * hour;`,
  '      if (!(t >= date - before && t <= date + after)) issues.push(field + " is " + value);',
  "    } else if (Array.isArray(value)) {",
  '      value.forEach(function (v, i) { walk(v, field + "[" + i + "]"); });',
  '    } else if (typeof value === "object" && value !== null) {',
  '      Object.keys(value).forEach(function (k) { walk(value[k], field + "." + k); });',
  "    }",
  '  })(body, "body");',
  `  pm.test("date-times lie within ${DATE_TIME_WINDOW_HOURS.before} h before and ${DATE_TIME_WINDOW_HOURS.after} h after the deployment's clock, dates within ${DATE_WINDOW_DAYS} days", function () {`,
  '    if (issues.length) throw new Error("the deployment\'s Date is " + new Date(date).toISOString() + ", but " + issues.join("; "));',
  "  });",
  "})();",
];
