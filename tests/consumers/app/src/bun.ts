// On Bun, served by Bun.serve.
import { createApp, optionsFrom } from "./app.js";

declare const Bun: {
  serve(options: { port: number; fetch: (request: Request) => Response | Promise<Response> }): {
    port: number;
  };
  version: string;
};

const app = createApp(optionsFrom(process.env));
const server = Bun.serve({ port: Number(process.env.PORT), fetch: app.fetch });
console.log(`listening on ${server.port} with Bun ${Bun.version}`);
