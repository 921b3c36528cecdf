import { randomUUID } from "node:crypto";
import { MOCK_OUTBOX_PATH } from "@cognito-dashboard/local-dev";
import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import { outboxPage } from "./pages.ts";

/** A message Cognito would have sent by email (or SMS); offline it lands in the outbox. */
export interface OutboxMessage {
  /** A UUID. */
  id: string;
  /** ISO 8601. */
  sentAt: string;
  /** `invitation`: AdminCreateUser's welcome message; `password-reset`: a reset code. */
  kind: "invitation" | "password-reset";
  medium: "EMAIL" | "SMS";
  /** The email address (or phone number for SMS). */
  to: string;
  /** Cognito's username of the user (the `sub` in a pool whose usernames are emails). */
  username: string;
  subject: string;
  body: string;
  /** For invitations: the temporary password in the message. */
  temporaryPassword?: string;
  /** For password resets: the code in the message. */
  code?: string;
}

/** What `/outbox.json` answers. */
export interface OutboxJson {
  messages: OutboxMessage[];
}

/** The messages sent since the mock started, oldest first, and the console copy of each. */
export class Outbox {
  readonly #messages: OutboxMessage[] = [];
  readonly #quiet: boolean;

  constructor(quiet: boolean) {
    this.#quiet = quiet;
  }

  /** Keeps a message and prints it, as the mail a developer would otherwise never see. */
  send(message: Omit<OutboxMessage, "id" | "sentAt">): OutboxMessage {
    const sent = { id: randomUUID(), sentAt: new Date().toISOString(), ...message };
    this.#messages.push(sent);
    if (!this.#quiet) {
      console.log(`mock-idp: ${sent.medium} to ${sent.to}: ${sent.subject}: ${sent.body}`);
    }
    return sent;
  }

  /** Every message so far, oldest first (copies). */
  list(): OutboxMessage[] {
    return this.#messages.map((m) => ({ ...m }));
  }

  clear(): void {
    this.#messages.length = 0;
  }
}

/**
 * `GET /outbox` (a page, newest first) and `GET /outbox.json` (`{ messages }`, oldest first;
 * `?to=<address>` keeps that recipient's). There is no mail server offline; this is where the
 * invitations with temporary passwords and the reset codes go.
 * @example provider.use(outboxRoutes(outbox))
 */
export function outboxRoutes(outbox: Outbox): KoaMiddleware {
  const json = `${MOCK_OUTBOX_PATH}.json`;
  return async function outboxRoute(ctx: KoaContext, next: KoaNext): Promise<void> {
    if (ctx.path !== MOCK_OUTBOX_PATH && ctx.path !== json) return next();
    if (ctx.method !== "GET" && ctx.method !== "HEAD") {
      ctx.set("allow", "GET, HEAD");
      ctx.status = 405;
      ctx.body = { error: "method_not_allowed" };
      return;
    }
    ctx.set("cache-control", "no-store");
    const to = typeof ctx.query.to === "string" ? ctx.query.to.toLowerCase() : undefined;
    const messages = outbox.list().filter((m) => to === undefined || m.to.toLowerCase() === to);
    if (ctx.path === json) {
      ctx.body = { messages } satisfies OutboxJson;
      return;
    }
    ctx.type = "html";
    ctx.body = outboxPage(messages.reverse());
  };
}
