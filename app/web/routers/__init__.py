"""One APIRouter per concern, included by ``app.web.app.create_app``."""
