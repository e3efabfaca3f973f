import { render } from "preact";
import { SignInGate } from "../ui/sign-in-gate.tsx";
import { ReceptionApp } from "./reception-app.tsx";
import "../styles/base.css";
import "../styles/reception.css";

const root = document.getElementById("app");
if (root !== null) {
  render(
    <SignInGate roles={["receptionist"]} keepExpired>
      {(session, signOut, renew) => <ReceptionApp session={session} signOut={signOut} renew={renew} />}
    </SignInGate>,
    root,
  );
}
