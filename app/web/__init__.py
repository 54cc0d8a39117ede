"""The web layer: the FastAPI app, its routers, pages and sockets."""
