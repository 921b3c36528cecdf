// On Node.js, served by @hono/node-server, settings from the environment.
import { serve } from "@hono/node-server";
import { createApp, optionsFrom } from "./app.js";

const app = createApp(optionsFrom(process.env));
serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => {
  console.log(`listening on ${info.port} with Node ${process.versions.node}`);
});
