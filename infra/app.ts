import { createApp } from "./tiepdon-stack.ts";

/** Entry of `cdk synth` / `cdk deploy` (see cdk.json). */
createApp().app.synth();
