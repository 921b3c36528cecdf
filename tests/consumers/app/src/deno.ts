// On Deno, served by Deno.serve.
import { createApp, optionsFrom } from "./app.js";

declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; onListen?: (addr: { port: number }) => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): unknown;
  version: { deno: string };
};

const env = Deno.env.toObject();
const app = createApp(optionsFrom(env));
Deno.serve(
  {
    port: Number(env.PORT),
    onListen: ({ port }) => console.log(`listening on ${port} with Deno ${Deno.version.deno}`),
  },
  app.fetch,
);
