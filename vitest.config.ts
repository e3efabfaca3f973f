import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Handlers log JSON lines; tests that read logs turn them back on for their own processes.
    reporters: ["default", "./test/support/summary-reporter.ts"],
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "SILENT" },
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/dynamo-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // A fresh clone, npm ci and npm start: minutes of install and seeding, alone in its file.
      {
        extends: true,
        test: { name: "quickstart", include: ["test/quickstart/**/*.test.ts"], testTimeout: 120_000 },
      },
      { extends: true, test: { name: "infra", include: ["test/infra/**/*.test.ts"], testTimeout: 300_000 } },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/dynamo-global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
