import { render } from "preact";
import { SignInGate } from "../ui/sign-in-gate.tsx";
import { RoomApp } from "./room-app.tsx";
import "../styles/base.css";
import "../styles/room.css";

const root = document.getElementById("app");
if (root !== null) {
  render(
    <SignInGate roles={["room"]}>
      {(session, signOut) => <RoomApp session={session} signOut={signOut} />}
    </SignInGate>,
    root,
  );
}
