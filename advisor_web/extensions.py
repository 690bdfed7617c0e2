"""Flask extensions, created here and attached to the app in `create_app`."""

from flask_compress import Compress
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
htmx = HTMX()
compress = Compress()
login_manager = LoginManager()
# Limits are declared per route; the storage (RATELIMIT_STORAGE_URI) is shared between
# processes in production so every worker counts against the same budget.
# Its own headers are off: Flask-Limiter writes them on every response of a limited route and
# replaces any Retry-After (a 503's "5 s" became 3,287 s). errors.py writes them on 429s only.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
