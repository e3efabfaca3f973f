import { render } from "preact";
import { SignInGate } from "../ui/sign-in-gate.tsx";
import { ReceptionApp } from "./reception-app.tsx";
import "../styles/base.css";
import "../styles/reception.css";

const root = document.getElementById("app");
if (root !== null) {
  render(
    <SignInGate roles={["receptionist"]}>
      {(session, signOut) => <ReceptionApp session={session} signOut={signOut} />}
    </SignInGate>,
    root,
  );
}
