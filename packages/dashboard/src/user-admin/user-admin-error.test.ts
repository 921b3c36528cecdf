import { describe, expect, it } from "vitest";
import { toUserAdminError, UserAdminError } from "./user-admin-error.ts";

const named = (name: string, message = "said by Cognito") =>
  Object.assign(new Error(message), { name });

describe("toUserAdminError", () => {
  it("says Cognito's refusals as plain sentences with a 4xx, keeping the original as cause", () => {
    const exists = toUserAdminError(named("UsernameExistsException"), "invite");
    expect(exists).toMatchObject({ code: "user_exists", status: 409 });
    expect(exists.message).toBe("Someone with this email already exists.");
    expect(exists.cause).toMatchObject({ name: "UsernameExistsException" });

    expect(toUserAdminError(named("UserNotFoundException"), "disable")).toMatchObject({
      code: "user_not_found",
      status: 404,
    });
    const invalid = toUserAdminError(
      named("InvalidParameterException", "Invalid email address format."),
      "invite",
    );
    expect(invalid).toMatchObject({ code: "invalid_parameter", status: 400 });
    expect(invalid.message).toBe("Cognito refused a value: Invalid email address format.");
    expect(toUserAdminError(named("InvalidParameterException"), "list").message).toMatch(
      /first page/,
    );
  });

  it("reads an unsupported state by the step that met it", () => {
    expect(
      toUserAdminError(named("UnsupportedUserStateException"), "resend_invitation"),
    ).toMatchObject({
      code: "not_invited",
      status: 409,
    });
    expect(
      toUserAdminError(named("UnsupportedUserStateException"), "reset_password"),
    ).toMatchObject({
      code: "user_state",
      status: 409,
    });
    expect(
      toUserAdminError(named("NotAuthorizedException", "User is disabled."), "reset_password")
        .message,
    ).toBe("Cognito refused this for the user's current state: User is disabled.");
  });

  it("turns AWS-side failures into 502-504, never a 500", () => {
    const cases: [string, string, number][] = [
      ["TooManyRequestsException", "throttled", 503],
      ["LimitExceededException", "throttled", 503],
      ["AccessDeniedException", "not_permitted", 502],
      ["CredentialsProviderError", "not_permitted", 502],
      ["ResourceNotFoundException", "pool_misconfigured", 502],
      ["CodeDeliveryFailureException", "mail_failed", 502],
      ["TimeoutError", "unavailable", 504],
      ["AbortError", "unavailable", 504],
      ["InternalErrorException", "unavailable", 503],
      ["ECONNREFUSED", "unavailable", 503],
    ];
    for (const [name, code, status] of cases) {
      expect(toUserAdminError(named(name), "list"), name).toMatchObject({ code, status });
    }
    expect(toUserAdminError("not even an error", "get")).toMatchObject({ code: "unavailable" });
  });

  it("passes its own errors through unchanged", () => {
    const own = new UserAdminError("self_action", "no", 403);
    expect(toUserAdminError(own, "disable")).toBe(own);
  });
});
