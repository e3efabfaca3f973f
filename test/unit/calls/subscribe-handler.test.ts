import { describe, expect, it } from "vitest";
import { callChannelOf } from "#domain/call-channel";
import { SUBSCRIBE_HANDLER } from "#infra/constructs/call-events";

class Unauthorized extends Error {}

/** The namespace's subscribe handler as AppSync Events runs it, with its `util` module standing in. */
const onSubscribe = new Function(
  "util",
  `${SUBSCRIBE_HANDLER.replace(/^import .*$/m, "").replace("export function", "function")}\nreturn onSubscribe;`,
)({
  unauthorized: () => {
    throw new Unauthorized();
  },
}) as (ctx: unknown) => void;

const subscribe = (claims: Record<string, unknown> | null, channel: string) => () =>
  onSubscribe({ identity: claims === null ? null : { claims }, info: { channel: { path: channel } } });

describe("the calls namespace's subscribe handler in AWS", () => {
  it("lets a display, room or reception account subscribe to its own facility's channel only", () => {
    for (const groups of [["kiosk"], ["room"], ["receptionist"]])
      expect(
        subscribe({ "cognito:groups": groups, "custom:facility": "01001" }, callChannelOf("01001")),
      ).not.toThrow();
    expect(
      subscribe({ "cognito:groups": ["kiosk"], "custom:facility": "01001" }, callChannelOf("38001")),
    ).toThrow(Unauthorized);
    expect(subscribe({ "cognito:groups": ["kiosk"], "custom:facility": "01001" }, "/calls/f01001/x")).toThrow(
      Unauthorized,
    );
  });

  it("refuses accounts without a facility, other roles and anonymous callers", () => {
    expect(subscribe({ "cognito:groups": ["kiosk"] }, callChannelOf("01001"))).toThrow(Unauthorized);
    expect(
      subscribe({ "cognito:groups": ["health-dept"], "custom:facility": "01001" }, callChannelOf("01001")),
    ).toThrow(Unauthorized);
    expect(subscribe(null, callChannelOf("01001"))).toThrow(Unauthorized);
  });
});
