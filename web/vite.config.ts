import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** In dev, /kiosk, /dashboard, /room, /display and /admin are their pages, as the local server and CloudFront serve them. */
const pagePaths: Plugin = {
  name: "tiepdon-page-paths",
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      const path = request.url?.split("?")[0];
      if (
        path === "/kiosk" ||
        path === "/dashboard" ||
        path === "/room" ||
        path === "/display" ||
        path === "/admin"
      )
        request.url = request.url?.replace(path, `${path}.html`);
      next();
    });
  },
};

/** The pages, one bundle graph: the strict CSP allows only same-origin scripts, so everything is bundled. */
export default defineConfig({
  root: here("."),
  publicDir: here("public"),
  plugins: [
    pagePaths,
    // The service worker (web/src/sw/sw.ts) with the build's files precached; the pages register it
    // themselves (no inline script: the CSP allows same-origin scripts only) and it has no manifest.
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/sw",
      filename: "sw.ts",
      injectRegister: false,
      manifest: false,
      injectManifest: {
        rollupFormat: "iife",
        globPatterns: ["**/*.{html,js,css,svg}"],
      },
      devOptions: { enabled: false },
    }),
  ],
  // Preact through the automatic JSX runtime: no plugin needed.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  worker: { format: "es" },
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    target: "es2022",
    // The polyfill would be inlined into the page, which the CSP (script-src 'self') forbids.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: { chunkFileNames: "assets/shared-[hash].js" },
      input: {
        index: here("index.html"),
        kiosk: here("kiosk.html"),
        dashboard: here("dashboard.html"),
        room: here("room.html"),
        display: here("display.html"),
        admin: here("admin.html"),
      },
    },
  },
  server: {
    // `npm start` serves the API on 3000; the dev server forwards /api there.
    proxy: { "/api": process.env.TIEPDON_API ?? "http://127.0.0.1:3000" },
  },
});
