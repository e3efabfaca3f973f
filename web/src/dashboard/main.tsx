import { render } from "preact";
import { SignInGate } from "../ui/sign-in-gate.tsx";
import { DashboardApp } from "./dashboard-app.tsx";
import "../styles/base.css";
import "../styles/dashboard.css";

const root = document.getElementById("app");
if (root !== null) {
  render(
    <SignInGate roles={["health-dept"]}>
      {(session, signOut) => <DashboardApp session={session} signOut={signOut} />}
    </SignInGate>,
    root,
  );
}
