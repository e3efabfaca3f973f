import { render } from "preact";
import { SignInGate } from "../ui/sign-in-gate.tsx";
import { AdminApp } from "./admin-app.tsx";
import "../styles/base.css";
import "../styles/admin.css";

const root = document.getElementById("app");
if (root !== null) {
  render(
    <SignInGate roles={["admin"]}>
      {(session, signOut) => <AdminApp session={session} signOut={signOut} />}
    </SignInGate>,
    root,
  );
}
