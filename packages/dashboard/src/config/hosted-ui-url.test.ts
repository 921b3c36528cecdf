import { describe, expect, it } from "vitest";
import { hostedUiUrl } from "./hosted-ui-url.ts";

describe("hostedUiUrl", () => {
  it("keeps a full URL and builds a prefix domain's URL in its region", () => {
    expect(hostedUiUrl("http://localhost:9500")).toBe("http://localhost:9500");
    expect(hostedUiUrl({ prefix: "my-app", region: "eu-west-1" })).toBe(
      "https://my-app.auth.eu-west-1.amazoncognito.com",
    );
  });
});
