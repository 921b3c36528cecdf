// On Cloudflare Workers (workerd): the settings are in `c.env`, per request.
import { createApp, optionsFrom } from "./app.js";

export default createApp(optionsFrom);
