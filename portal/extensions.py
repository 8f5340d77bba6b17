"""Extensions are created once here and bound to the app in create_app()."""
from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from portal import ratelimit  # noqa: F401  (registers the portal-db:// storage)
from portal.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
# Limits are declared on the views that need them (sign-in, registration, APIs); storage
# comes from RATELIMIT_STORAGE_URI (portal.ratelimit registers portal-db://, the default).
limiter = Limiter(key_func=get_remote_address)
