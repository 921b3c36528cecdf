import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

// The cold-start baseline: a Hono app on a Function URL with nothing else, bundled the same way.
const app = new Hono();
app.get("/", (c) => c.text("Hello from a bare Hono handler"));

export const handler = handle(app);
