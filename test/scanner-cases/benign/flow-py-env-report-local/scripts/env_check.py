import os

REQUIRED = ["DATABASE_URL", "REDIS_URL", "API_TOKEN"]

env = dict(os.environ)
missing = [name for name in REQUIRED if not env.get(name)]
for name in sorted(env):
    print(name, "set")
if missing:
    print("missing:", ", ".join(missing))
