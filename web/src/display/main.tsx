import { render } from "preact";
import { SignInGate } from "../ui/sign-in-gate.tsx";
import { DisplayApp } from "./display-app.tsx";
import "../styles/base.css";
import "../styles/display.css";

const root = document.getElementById("app");
if (root !== null) {
  render(
    <SignInGate roles={["kiosk"]} unattended>
      {(session) => <DisplayApp session={session} />}
    </SignInGate>,
    root,
  );
}
