// Swagger UI for /docs, from files this server ships (no CDN).
"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
