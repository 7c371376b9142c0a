// Starts Swagger UI on this mock's spec and authorizes "try it" with a token for the demo client.
const DEMO = { id: "partner-demo", secret: "partner-demo-secret" };
const control = new URLSearchParams(location.search).get("spec") === "control";
const status = document.getElementById("auth");

const ui = SwaggerUIBundle({
  url: control ? "/docs/mock-control.json" : "/docs/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
  persistAuthorization: false,
  validatorUrl: null,
});
async function demoToken() {
  // Only a loopback-only mock with the demo client offers its token (see mock/ui/docs.ts).
  const demo = await fetch("/docs/demo.json").then((res) => res.json());
  if (!demo.demoToken) throw new Error("this mock is shared, so the page does not log in for you");
  // The Authorize dialog's client-credentials flow comes pre-filled with the demo client.
  ui.initOAuth({ clientId: DEMO.id, clientSecret: DEMO.secret });
  const res = await fetch("/connect/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: DEMO.id, client_secret: DEMO.secret }),
  });
  if (res.status !== 200) throw new Error(`the token endpoint answered ${res.status}`);
  return (await res.json()).access_token;
}

demoToken().then(
  (token) => {
    // preauthorizeApiKey fills apiKey schemes only; a bearer scheme takes the same value through authorize.
    ui.authActions.authorize({ bearerAuth: { name: "bearerAuth", schema: { type: "http", scheme: "bearer" }, value: token } });
    status.textContent = `"Try it out" calls this mock as ${DEMO.id} (a bearer token is filled in).`;
  },
  (e) => {
    status.textContent = `No token for the demo client (${e.message}): use Authorize with your client's id and secret.`;
  },
);
