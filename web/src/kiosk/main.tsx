import { render } from "preact";
import { SignInGate } from "../ui/sign-in-gate.tsx";
import { KioskApp } from "./kiosk-app.tsx";
import "../styles/base.css";
import "../styles/kiosk.css";

const root = document.getElementById("app");
if (root !== null) {
  render(
    <SignInGate roles={["kiosk"]} unattended>
      {(session, _signOut, renew) => <KioskApp session={session} renew={renew} />}
    </SignInGate>,
    root,
  );
}
