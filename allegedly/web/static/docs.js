// The /docs page: Swagger UI over this server's schema, from files this server ships.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
